# Empty dependencies file for mcoa.
# This may be replaced when dependencies are built.
