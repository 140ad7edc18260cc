package folderintake

import "syscall"

// syscallEXDEV is the error of a rename across file systems.
var syscallEXDEV error = syscall.EXDEV
