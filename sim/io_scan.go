package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// jsonShape is what scanJSON learns of a result file's text besides its
// keys: whether the scenario is missing, null or {} ("missing", "null",
// "{}"; "" when it has members).
type jsonShape struct {
	scenario      string
	scenarioEmpty bool
}

// scanFrame is an object or array scanJSON is inside.
type scanFrame struct {
	obj       bool
	path      string
	keys      map[string]struct{}
	expectKey bool
	key       string
	n         int  // array elements so far
	scenario  bool // the top level's "scenario" object
}

// scanJSON walks the tokens of the first JSON value of raw and reports a
// key repeated in an object (encoding/json keeps the last silently),
// naming it by its path, and the scenario's shape. Syntax errors are left
// to the decoder, which words them better.
func scanJSON(raw []byte) (jsonShape, error) {
	sh := jsonShape{scenario: "missing", scenarioEmpty: true}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var stack []*scanFrame
	for {
		tok, err := dec.Token()
		if err != nil {
			return sh, nil // the decoder reports it
		}
		var top *scanFrame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.obj && top.expectKey {
			if tok == json.Delim('}') {
				if top.scenario && len(top.keys) == 0 {
					sh.scenario, sh.scenarioEmpty = "{}", true
				}
				if stack = stack[:len(stack)-1]; len(stack) == 0 {
					return sh, nil
				}
				continue
			}
			k, _ := tok.(string)
			if _, dup := top.keys[k]; dup {
				return sh, fmt.Errorf("%s: key repeated in its object (readers disagree on which value counts)", join(top.path, k))
			}
			top.keys[k] = struct{}{}
			top.key, top.expectKey = k, false
			continue
		}
		if top != nil && !top.obj && tok == json.Delim(']') {
			if stack = stack[:len(stack)-1]; len(stack) == 0 {
				return sh, nil
			}
			continue
		}
		atScenario := len(stack) == 1 && top.obj && top.key == "scenario"
		d, isDelim := tok.(json.Delim)
		if !isDelim || (d != '{' && d != '[') {
			if top == nil {
				return sh, nil // a scalar document: the decoder reports it
			}
			if atScenario && tok == nil {
				sh.scenario = "null"
			}
			top.next()
			continue
		}
		path := ""
		if top != nil {
			path = top.childPath()
			top.next()
		}
		f := &scanFrame{obj: d == '{', path: path, expectKey: d == '{', scenario: atScenario && d == '{'}
		if f.obj {
			f.keys = map[string]struct{}{}
		}
		if f.scenario {
			sh.scenario, sh.scenarioEmpty = "", false
		}
		stack = append(stack, f)
	}
}

// childPath returns the path of the value the frame is at.
func (f *scanFrame) childPath() string {
	if f.obj {
		return join(f.path, f.key)
	}
	return fmt.Sprintf("%s[%d]", f.path, f.n)
}

// next moves the frame past a value.
func (f *scanFrame) next() {
	if f.obj {
		f.expectKey = true
	} else {
		f.n++
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
