package configs

import (
	"encoding"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// The YAML decoder alone reports unknown keys and type mismatches with Go
// type names and no setting path. walker checks a node tree against the Go
// type it will be decoded into first, so every problem names the setting
// and its line, and all of them are reported at once. Only a tree that
// passes is handed to the decoder.
type walker struct {
	src   string            // "config.yaml", "default config", "env AGENTCTL_X"
	where map[string]string // setting path -> location, when recording
	probs []Problem
}

var (
	nodeType            = reflect.TypeFor[yaml.Node]()
	durationType        = reflect.TypeFor[time.Duration]()
	yamlUnmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// loc names a node's place: "file:line", or the source alone.
func (w *walker) loc(n *yaml.Node) string {
	switch {
	case n.Line == 0:
		return w.src
	case w.src == "":
		return fmt.Sprintf("line %d", n.Line)
	}
	return fmt.Sprintf("%s:%d", w.src, n.Line)
}

func (w *walker) addf(n *yaml.Node, path, format string, args ...any) {
	w.probs = append(w.probs, Problem{Where: w.loc(n), Path: path, Msg: fmt.Sprintf(format, args...)})
}

// walk checks n against t. path is the setting's dotted path.
func (w *walker) walk(n *yaml.Node, t reflect.Type, path string) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if w.where != nil && path != "" {
		w.where[path] = w.loc(n)
	}
	if t == nodeType || t.Kind() == reflect.Interface {
		return // kept raw (strategy params) or untyped
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return // an empty value leaves the setting as it was
	}
	if isLeaf(t) {
		w.leaf(n, t, path)
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		w.walk(n, t.Elem(), path)
	case reflect.Struct:
		if w.want(n, yaml.MappingNode, path) {
			w.structKeys(n, t, path)
		}
	case reflect.Map:
		if w.want(n, yaml.MappingNode, path) {
			w.mapKeys(n, t, path)
		}
	case reflect.Slice, reflect.Array:
		if w.want(n, yaml.SequenceNode, path) {
			for i, item := range n.Content {
				w.walk(item, t.Elem(), index(path, i))
			}
		}
	default:
		w.addf(n, path, "a setting of Go type %s cannot be read from YAML", t)
	}
}

// isLeaf reports whether t is read from one scalar.
func isLeaf(t reflect.Type) bool {
	if t == durationType {
		return true
	}
	pt := reflect.PointerTo(t)
	if pt.Implements(yamlUnmarshalerType) || pt.Implements(textUnmarshalerType) {
		return true
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

var kindNames = map[yaml.Kind]string{
	yaml.MappingNode:  "a mapping (key: value lines)",
	yaml.SequenceNode: "a list (- item lines, or [a, b])",
	yaml.ScalarNode:   "a single value",
}

func (w *walker) want(n *yaml.Node, k yaml.Kind, path string) bool {
	if n.Kind == k {
		return true
	}
	w.addf(n, path, "expected %s, found %s", kindNames[k], kindNames[n.Kind])
	return false
}

// leaf decodes a scalar into a fresh value of t to see whether it fits.
func (w *walker) leaf(n *yaml.Node, t reflect.Type, path string) {
	custom := reflect.PointerTo(t).Implements(yamlUnmarshalerType)
	if !custom && !w.want(n, yaml.ScalarNode, path) {
		return
	}
	v := n.Value
	isInt := t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64 && t != durationType
	if isInt && !custom && n.ShortTag() != "!!int" {
		// The decoder would truncate 1.5 to 1; a fraction is a mistake.
		w.addf(n, path, "%q is not a whole number", v)
		return
	}
	err := n.Decode(reflect.New(t).Interface())
	if err == nil {
		return
	}
	switch {
	case t == durationType:
		w.addf(n, path, "%q is not a duration (write it with a unit: 500ms, 2s, 1m30s, 1h)", v)
	case t.Kind() == reflect.Bool:
		w.addf(n, path, "%q is not true or false", v)
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		if n.ShortTag() == "!!int" {
			w.addf(n, path, "%s is out of range for this setting", v)
		} else {
			w.addf(n, path, "%q is not a whole number", v)
		}
	case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
		if n.ShortTag() == "!!int" {
			w.addf(n, path, "%s is out of range (give a whole number from 0 to %d)", v, uint64(1)<<(t.Bits())-1)
		} else {
			w.addf(n, path, "%q is not a whole number", v)
		}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		w.addf(n, path, "%q is not a number", v)
	default:
		w.addf(n, path, "%q is not valid here: %s", v, strings.TrimPrefix(err.Error(), "yaml: "))
	}
}

// structKeys checks a mapping's keys against a struct's fields.
func (w *walker) structKeys(n *yaml.Node, t reflect.Type, path string) {
	fields := structFields(t)
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if isMergeKey(k) {
			w.merge(v, t, path)
			continue
		}
		if !w.scalarKey(k, path, seen) {
			continue
		}
		ft, ok := fieldType(fields, k.Value)
		if !ok {
			w.addf(k, join(path, k.Value), "unknown key (%s)", suggest(k.Value, fields))
			continue
		}
		w.walk(v, ft, join(path, k.Value))
	}
}

// merge walks the mappings of a YAML merge key (<<: *base) into t.
func (w *walker) merge(v *yaml.Node, t reflect.Type, path string) {
	for v.Kind == yaml.AliasNode && v.Alias != nil {
		v = v.Alias
	}
	if v.Kind == yaml.SequenceNode {
		for _, item := range v.Content {
			w.merge(item, t, path)
		}
		return
	}
	if w.want(v, yaml.MappingNode, path) {
		w.structKeys(v, t, path)
	}
}

func (w *walker) mapKeys(n *yaml.Node, t reflect.Type, path string) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !w.scalarKey(k, path, seen) {
			continue
		}
		p := join(path, k.Value)
		if t.Key().Kind() != reflect.String {
			if err := k.Decode(reflect.New(t.Key()).Interface()); err != nil {
				w.addf(k, p, "%q is not a valid key here", k.Value)
				continue
			}
		}
		w.walk(v, t.Elem(), p)
	}
}

// scalarKey checks that a mapping key is a single, new value.
func (w *walker) scalarKey(k *yaml.Node, path string, seen map[string]int) bool {
	if k.Kind != yaml.ScalarNode {
		w.addf(k, path, "a key must be a single value, found %s", kindNames[k.Kind])
		return false
	}
	if first, dup := seen[k.Value]; dup {
		w.addf(k, join(path, k.Value), "duplicate key (first set at line %d; keep one)", first)
		return false
	}
	seen[k.Value] = k.Line
	return true
}

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && (k.Tag == "" || k.Tag == "!" || k.ShortTag() == "!!merge")
}

// field is one YAML key of a struct, in declaration order.
type field struct {
	key string
	typ reflect.Type
}

// structFields lists the keys yaml.v3 maps to t's fields: the yaml tag's
// name or the lowercased field name, inline structs flattened.
func structFields(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("yaml")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if slices.Contains(strings.Split(opts, ","), "inline") {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				out = append(out, structFields(ft)...)
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out = append(out, field{key: name, typ: f.Type})
	}
	return out
}

func fieldType(fields []field, key string) (reflect.Type, bool) {
	for _, f := range fields {
		if f.key == key {
			return f.typ, true
		}
	}
	return nil, false
}

// suggest names the closest known key, or lists them all.
func suggest(key string, fields []field) string {
	best, bestDist := "", 3
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
		if d := editDistance(strings.ToLower(key), f.key); d < bestDist {
			best, bestDist = f.key, d
		}
	}
	if best != "" {
		return fmt.Sprintf("did you mean %s?", best)
	}
	if len(keys) == 0 {
		return "this section takes no keys"
	}
	return "known keys here: " + strings.Join(keys, ", ")
}

// editDistance is the Levenshtein distance, for "did you mean".
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
