file(REMOVE_RECURSE
  "CMakeFiles/mcoa.dir/wire/fields.c.o"
  "CMakeFiles/mcoa.dir/wire/fields.c.o.d"
  "CMakeFiles/mcoa.dir/wire/outbuf.c.o"
  "CMakeFiles/mcoa.dir/wire/outbuf.c.o.d"
  "CMakeFiles/mcoa.dir/wire/pkt.c.o"
  "CMakeFiles/mcoa.dir/wire/pkt.c.o.d"
  "CMakeFiles/mcoa.dir/wire/tables.c.o"
  "CMakeFiles/mcoa.dir/wire/tables.c.o.d"
  "lib/libmcoa.a"
  "lib/libmcoa.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mcoa.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
