
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/wire/fields.c" "CMakeFiles/mcoa.dir/wire/fields.c.o" "gcc" "CMakeFiles/mcoa.dir/wire/fields.c.o.d"
  "/work/main/wire/outbuf.c" "CMakeFiles/mcoa.dir/wire/outbuf.c.o" "gcc" "CMakeFiles/mcoa.dir/wire/outbuf.c.o.d"
  "/work/main/wire/pkt.c" "CMakeFiles/mcoa.dir/wire/pkt.c.o" "gcc" "CMakeFiles/mcoa.dir/wire/pkt.c.o.d"
  "/work/main/wire/tables.c" "CMakeFiles/mcoa.dir/wire/tables.c.o" "gcc" "CMakeFiles/mcoa.dir/wire/tables.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
