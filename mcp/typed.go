package mcp

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// addTyped registers a tool whose input and output schemas are derived
// from In and Out, as sdk.AddTool does, with two differences that matter
// on every call: the schemas are derived and resolved once per type for
// every client's server (not once per client), and the result is not
// validated against the output schema. That validation marshals,
// re-parses and walks each result, and proves nothing here: Out is our
// own type and its schema is derived from it. Input is validated exactly
// as the SDK does (unknown fields, types), since the client wrote it.
func addTyped[In, Out any](s *sdk.Server, t *sdk.Tool, h sdk.ToolHandlerFor[In, Out]) {
	in, out := schemaOf[In](), schemaOf[Out]()
	tt := *t
	tt.InputSchema, tt.OutputSchema = in.schema, out.schema
	s.AddTool(&tt, func(ctx context.Context, req *sdk.CallToolRequest) (*sdk.CallToolResult, error) {
		raw := req.Params.Arguments
		if len(raw) == 0 {
			raw = json.RawMessage("{}")
		}
		args := map[string]any{}
		if err := json.Unmarshal(raw, &args); err != nil {
			return errResult(fmt.Errorf("unmarshaling arguments: %w", err)), nil
		}
		if err := in.resolved.Validate(&args); err != nil {
			return errResult(fmt.Errorf("validating \"arguments\": %v", err)), nil
		}
		var v In
		if err := json.Unmarshal(raw, &v); err != nil {
			return errResult(err), nil
		}
		res, o, err := h(ctx, req, v)
		if err != nil {
			if wire, ok := err.(*jsonrpc.Error); ok {
				return nil, wire // invalid params: a protocol error naming the field
			}
			return errResult(err), nil
		}
		if res == nil {
			res = &sdk.CallToolResult{}
		}
		body, err := json.Marshal(o)
		if err != nil {
			return nil, fmt.Errorf("marshaling output: %w", err)
		}
		res.StructuredContent = json.RawMessage(body)
		if res.Content == nil {
			// The serialized JSON for clients that read content only.
			res.Content = []sdk.Content{&sdk.TextContent{Text: string(body)}}
		}
		return res, nil
	})
}

func errResult(err error) *sdk.CallToolResult {
	var r sdk.CallToolResult
	r.SetError(err)
	return &r
}

type typeSchema struct {
	schema   *jsonschema.Schema
	resolved *jsonschema.Resolved
}

var schemas sync.Map // reflect.Type -> typeSchema

// schemaOf derives and resolves T's schema once; a type whose schema
// cannot be derived is a programming error, found by any test.
func schemaOf[T any]() typeSchema {
	rt := reflect.TypeFor[T]()
	if v, ok := schemas.Load(rt); ok {
		return v.(typeSchema)
	}
	s, err := jsonschema.ForType(rt, &jsonschema.ForOptions{})
	if err != nil {
		panic(fmt.Sprintf("mcp: schema of %v: %v", rt, err))
	}
	r, err := s.Resolve(&jsonschema.ResolveOptions{ValidateDefaults: true})
	if err != nil {
		panic(fmt.Sprintf("mcp: resolve schema of %v: %v", rt, err))
	}
	v, _ := schemas.LoadOrStore(rt, typeSchema{s, r})
	return v.(typeSchema)
}
