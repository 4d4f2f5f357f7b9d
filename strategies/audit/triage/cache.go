package triage

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// cache keeps validated replies, one file per request, named by a hash of
// the model, the seed and the prompt. Only replies that passed parseAnswer
// are stored, and a stored reply is parsed again when read, so a damaged
// file costs one request, never a wrong verdict.
type cache struct{ dir string }

type cacheEntry struct {
	Model string `json:"model"`
	Reply string `json:"reply"`
}

// cacheKey is hex(sha256(model, seed, prompt hash)).
func cacheKey(model string, seed *int, promptHash [32]byte) string {
	s := "-"
	if seed != nil {
		s = fmt.Sprint(*seed)
	}
	h := sha256.New()
	h.Write([]byte(model + "\x00" + s + "\x00"))
	h.Write(promptHash[:])
	return hex.EncodeToString(h.Sum(nil))
}

func (c cache) path(key string) string { return filepath.Join(c.dir, key+".json") }

// get returns the cached answer about n findings, if a usable one exists.
func (c cache) get(key string, n int) (answer, bool) {
	if c.dir == "" {
		return answer{}, false
	}
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return answer{}, false
	}
	var e cacheEntry
	if json.Unmarshal(b, &e) != nil {
		return answer{}, false
	}
	a, err := parseAnswer(json.RawMessage(e.Reply), n)
	if err != nil {
		return answer{}, false
	}
	return a, true
}

// put stores a reply atomically (temporary file, then rename), so a
// concurrent scan never reads half a file.
func (c cache) put(key, model, reply string) error {
	if c.dir == "" {
		return nil
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return err
	}
	b, err := json.Marshal(cacheEntry{Model: model, Reply: reply})
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), c.path(key))
}
