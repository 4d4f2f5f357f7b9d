package configs

import (
	"fmt"
	"reflect"

	"gopkg.in/yaml.v3"
)

// DecodeParams decodes the agent's strategy params into v, a pointer to
// the strategy's params struct (with yaml tags). Decoding is strict: an
// unknown key, a duplicate key or a value of the wrong type is an *Error
// naming the setting's path and line, e.g.
// "config.yaml:31: agents[0].params.lookbak: unknown key (did you mean
// lookback?)". Fields the params leave out keep the values v already has,
// so set defaults in v first. No params at all decode to nothing.
func (a *Agent) DecodeParams(v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("DecodeParams needs a non-nil pointer, got %T", v)
	}
	n := &a.Params
	if n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null") {
		return nil
	}
	path := join(a.path, "params")
	if a.path == "" {
		path = "params"
	}
	w := &walker{src: a.src}
	w.walk(n, rv.Type().Elem(), path)
	if len(w.probs) > 0 {
		return errorOf(w.probs)
	}
	if err := n.Decode(v); err != nil {
		return errorOf([]Problem{{Where: w.loc(n), Path: path, Msg: err.Error()}})
	}
	return nil
}

// SetParams replaces the agent's params with v encoded as YAML, for
// configurations built in code.
func (a *Agent) SetParams(v any) error {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return fmt.Errorf("encode params: %w", err)
	}
	a.Params = n
	return nil
}
