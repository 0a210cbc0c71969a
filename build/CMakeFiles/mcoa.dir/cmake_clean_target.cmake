file(REMOVE_RECURSE
  "lib/libmcoa.a"
)
