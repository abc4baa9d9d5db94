#!/bin/sh
# Prints kernel(sym) = CRC for each line of the symvers files on stdin.
while read -r f; do
	zcat "$f" | awk -F'\t' '{ print "kernel(" $2 ") = " $1 }'
done
