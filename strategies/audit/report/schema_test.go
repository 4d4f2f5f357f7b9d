package report

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// validate checks a decoded JSON document against a JSON schema (draft-04
// keywords used by the SARIF schema: type, properties, required,
// additionalProperties, items, enum, $ref, minimum, maximum, minItems,
// uniqueItems, anyOf, pattern). It returns every violation with its path.
func validate(root map[string]any, schema map[string]any, doc any) []string {
	v := &validator{root: root}
	v.check(schema, doc, "$")
	return v.errs
}

type validator struct {
	root map[string]any
	errs []string
}

func (v *validator) fail(path, format string, args ...any) {
	v.errs = append(v.errs, path+": "+fmt.Sprintf(format, args...))
}

func (v *validator) resolve(ref string) map[string]any {
	node := any(v.root)
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, _ := node.(map[string]any)
		node = m[part]
	}
	m, _ := node.(map[string]any)
	return m
}

func jsonType(x any) string {
	switch n := x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case json.Number:
		if _, err := n.Int64(); err == nil {
			return "integer"
		}
		return "number"
	}
	return "unknown"
}

func typeMatches(want, got string) bool {
	return want == got || (want == "number" && got == "integer")
}

func (v *validator) check(s map[string]any, doc any, path string) {
	if s == nil {
		return
	}
	if ref, ok := s["$ref"].(string); ok {
		v.check(v.resolve(ref), doc, path)
		return
	}
	if t, ok := s["type"]; ok {
		got := jsonType(doc)
		okType := false
		switch t := t.(type) {
		case string:
			okType = typeMatches(t, got)
		case []any:
			for _, x := range t {
				okType = okType || typeMatches(x.(string), got)
			}
		}
		if !okType {
			v.fail(path, "type %s, want %v", got, t)
			return
		}
	}
	if enum, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || reflect.DeepEqual(e, doc)
		}
		if !found {
			v.fail(path, "%v is not one of %v", doc, enum)
		}
	}
	if n, ok := doc.(json.Number); ok {
		f, _ := n.Float64()
		if minV, ok := s["minimum"].(json.Number); ok {
			if m, _ := minV.Float64(); f < m {
				v.fail(path, "%v below minimum %v", f, m)
			}
		}
		if maxV, ok := s["maximum"].(json.Number); ok {
			if m, _ := maxV.Float64(); f > m {
				v.fail(path, "%v above maximum %v", f, m)
			}
		}
	}
	if str, ok := doc.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			v.fail(path, "%q does not match %s", str, p)
		}
	}
	if anyOf, ok := s["anyOf"].([]any); ok {
		matched := false
		for _, alt := range anyOf {
			sub := &validator{root: v.root}
			sub.check(alt.(map[string]any), doc, path)
			matched = matched || len(sub.errs) == 0
		}
		if !matched {
			v.fail(path, "matches none of anyOf")
		}
	}
	switch d := doc.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := d[r.(string)]; !ok {
				v.fail(path, "missing required %q", r)
			}
		}
		for k, val := range d {
			if ps, ok := props[k].(map[string]any); ok {
				v.check(ps, val, path+"."+k)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					v.fail(path, "property %q is not allowed", k)
				}
			case map[string]any:
				v.check(ap, val, path+"."+k)
			}
		}
	case []any:
		if minI, ok := s["minItems"].(json.Number); ok {
			if m, _ := minI.Int64(); int64(len(d)) < m {
				v.fail(path, "%d items, want at least %d", len(d), m)
			}
		}
		if u, ok := s["uniqueItems"].(bool); ok && u {
			for i := range d {
				for j := i + 1; j < len(d); j++ {
					if reflect.DeepEqual(d[i], d[j]) {
						v.fail(path, "items %d and %d are equal", i, j)
					}
				}
			}
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range d {
				v.check(items, x, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
}

func asList(x any) []any {
	l, _ := x.([]any)
	return l
}
