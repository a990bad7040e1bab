package report

import (
	"bytes"
	"testing"
)

func TestTableAlignment(t *testing.T) {
	tb := Table{Left: 2}
	tb.Row("name", "kind", "value")
	tb.Row("a", "long kind", "1.5")
	tb.Row()
	tb.Row("longer name", "k", "-12.25")
	var buf bytes.Buffer
	if err := tb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"name         kind        value\n" +
		"a            long kind     1.5\n" +
		"\n" +
		"longer name  k          -12.25\n"
	if buf.String() != want {
		t.Errorf("table:\n%q\nwant\n%q", buf.String(), want)
	}
}
