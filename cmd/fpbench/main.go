// Command fpbench measures the fingerprint matcher on the FVC 2002/2004 "B"
// sample set of the shared data: accuracy (EER, FMR100, FMR1000 per database
// and pooled, from the images and from the ISO templates) and 1:N search speed
// on synthetic galleries made from the real templates. docs/fingerprints.md
// has the figures and the commands.
//
//	go run ./cmd/fpbench accuracy [-source images|iso|both]
//	go run ./cmd/fpbench search --gallery 100000
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "accuracy":
		err = accuracy(os.Args[2:])
	case "search":
		err = search(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fpbench:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: fpbench accuracy [-source images|iso|both] | search --gallery N")
	os.Exit(2)
}
