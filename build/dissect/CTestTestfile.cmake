# CMake generated Testfile for 
# Source directory: /work/main/dissect
# Build directory: /work/main/build/dissect
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
