#!/bin/bash
# README.md's first command is exactly 'specs/demo.sh', an executable
# script in the checkout: the command the demo tests run (they take it
# from the README), so a README that names another command or options
# fails here.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/demo-lib.sh"

cmd=$(readme_command 1)
expect_eq "README.md's first command" "specs/demo.sh" "$cmd"
[ -x "$top_srcdir/$cmd" ] || fail "'$cmd' is not an executable file in '$top_srcdir'"
expect_eq "'$cmd' interpreter" "#!/bin/bash" "$(head -n 1 "$top_srcdir/$cmd")"
