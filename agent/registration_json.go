package agent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// The registration file's fields in the order the spec lists them; the
// rest follow sorted.
var registrationKeys = []string{"type", "name", "description", "image", "services", "x402Support", "active",
	"registrations", "supportedTrust", "decisionLog"}

// UnmarshalJSON reads a registration file, keeping unknown fields.
func (r *Registration) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*r = Registration{}
	fields := []struct {
		key string
		dst any
	}{{"type", &r.Type}, {"name", &r.Name}, {"description", &r.Description}, {"image", &r.Image},
		{"services", &r.Services}, {"x402Support", &r.X402Support}, {"active", &r.Active},
		{"registrations", &r.Registrations}, {"supportedTrust", &r.SupportedTrust}, {"decisionLog", &r.DecisionLog}}
	for _, f := range fields {
		raw, ok := m[f.key]
		if !ok {
			continue
		}
		if err := json.Unmarshal(raw, f.dst); err != nil {
			return fmt.Errorf("registration field %q: %w", f.key, err)
		}
		delete(m, f.key)
	}
	if raw, ok := m["endpoints"]; ok && r.Services == nil {
		if err := json.Unmarshal(raw, &r.Services); err != nil {
			return fmt.Errorf("registration field \"endpoints\": %w", err)
		}
		delete(m, "endpoints")
		r.Legacy = true
	}
	if len(m) > 0 {
		r.Extra = m
	}
	return nil
}

// MarshalJSON writes the spec's fields in its order, then the kept ones.
func (r Registration) MarshalJSON() ([]byte, error) {
	var o object
	o.add("type", r.Type)
	o.add("name", r.Name)
	o.add("description", r.Description)
	if r.Image != "" {
		o.add("image", r.Image)
	}
	services := r.Services
	if services == nil {
		services = []Service{}
	}
	o.add("services", services)
	if r.X402Support != nil {
		o.add("x402Support", *r.X402Support)
	}
	if r.Active != nil {
		o.add("active", *r.Active)
	}
	regs := r.Registrations
	if regs == nil {
		regs = []RegistrationRef{}
	}
	o.add("registrations", regs)
	trust := r.SupportedTrust
	if trust == nil {
		trust = []string{}
	}
	o.add("supportedTrust", trust)
	if r.DecisionLog != nil {
		o.add("decisionLog", r.DecisionLog)
	}
	o.extra(r.Extra, registrationKeys)
	return o.close()
}

// UnmarshalJSON reads a service, keeping unknown fields.
func (s *Service) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*s = Service{}
	for key, dst := range map[string]*string{"name": &s.Name, "endpoint": &s.Endpoint, "version": &s.Version} {
		if raw, ok := m[key]; ok {
			if err := json.Unmarshal(raw, dst); err != nil {
				return fmt.Errorf("service field %q: %w", key, err)
			}
			delete(m, key)
		}
	}
	if len(m) > 0 {
		s.Extra = m
	}
	return nil
}

// MarshalJSON writes name, endpoint, version, then the kept fields.
func (s Service) MarshalJSON() ([]byte, error) {
	var o object
	o.add("name", s.Name)
	o.add("endpoint", s.Endpoint)
	if s.Version != "" {
		o.add("version", s.Version)
	}
	o.extra(s.Extra, []string{"name", "endpoint", "version"})
	return o.close()
}

// object writes a JSON object with its keys in the order added.
type object struct {
	buf bytes.Buffer
	err error
}

func (o *object) add(key string, v any) {
	if o.err != nil {
		return
	}
	val, err := json.Marshal(v)
	if err != nil {
		o.err = fmt.Errorf("%s: %w", key, err)
		return
	}
	o.raw(key, val)
}

func (o *object) raw(key string, val []byte) {
	if o.buf.Len() == 0 {
		o.buf.WriteByte('{')
	} else {
		o.buf.WriteByte(',')
	}
	k, _ := json.Marshal(key)
	o.buf.Write(k)
	o.buf.WriteByte(':')
	o.buf.Write(val)
}

// extra adds the kept fields sorted, skipping any that known names.
func (o *object) extra(m map[string]json.RawMessage, known []string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		if !slices.Contains(known, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		var compact bytes.Buffer
		if err := json.Compact(&compact, m[k]); err != nil {
			o.err = fmt.Errorf("%s: %w", k, err)
			return
		}
		o.raw(k, compact.Bytes())
	}
}

func (o *object) close() ([]byte, error) {
	if o.err != nil {
		return nil, o.err
	}
	if o.buf.Len() == 0 {
		return []byte("{}"), nil
	}
	o.buf.WriteByte('}')
	return o.buf.Bytes(), nil
}
