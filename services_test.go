package nsor

import (
	"os/exec"
	"reflect"
	"testing"
)

// TestAppHasNoConsoleMethod: what the API receives (App) cannot reach what
// only the operator at the console may do (Console).
func TestAppHasNoConsoleMethod(t *testing.T) {
	app := reflect.TypeFor[App]()
	console := reflect.TypeFor[Console]()
	if console.NumMethod() == 0 {
		t.Fatal("Console has no methods: the test checks nothing")
	}
	for i := range console.NumMethod() {
		if m := console.Method(i); func() bool { _, ok := app.MethodByName(m.Name); return ok }() {
			t.Errorf("App offers the console's %s", m.Name)
		}
	}
}

// TestServicesCurrent: services.go is what internal/servicesgen writes from
// the service's methods, so that an interface never differs from its
// implementation's comments and refusals.
func TestServicesCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	out, err := exec.Command("go", "run", "./internal/servicesgen", "-check").CombinedOutput()
	if err != nil {
		t.Errorf("%v: %s", err, out)
	}
}
