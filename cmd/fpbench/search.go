package main

import "errors"

func search(args []string) error { return errors.New("search: not yet") }
