package contracts

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

var valABI = NewValidationRegistry()

// TestValidationRequestAndResponses: the agent's owner files a request naming
// a validator; only that validator answers, more than once (the last answer
// counts); the reads and the summary see it; events carry what the spec says.
func TestValidationRequestAndResponses(t *testing.T) {
	t.Parallel()
	r := newReviewers(t) // an agent owned by c.owner, and funded bob and eve
	c := r.c
	idReg := r.rep // the reputation registry's identity is what we bind to
	identity := call(t, idReg, repABI.PackGetIdentityRegistry(), repABI.UnpackGetIdentityRegistry)
	val := valABI.Instance(c.client, c.deploy(ValidationRegistryMetaData.Bin, valABI.PackConstructor(identity)))
	validator := r.bob
	reqHash := common.Hash{0xba, 0x7c}

	// Nobody but the owner or an operator files for the agent.
	c.reverts(r.eve, val, valABI.PackValidationRequest(validator.From, r.agent, "data:,batch", reqHash),
		"ValidationRegistry: only the agent's owner or operator may request validation")
	rcpt := c.send(c.owner, val, valABI.PackValidationRequest(validator.From, r.agent, "data:,batch", reqHash))
	reqs := events(t, rcpt, val.Address(), valABI.UnpackValidationRequestEvent)
	if len(reqs) != 1 || reqs[0].ValidatorAddress != validator.From || reqs[0].AgentId.Cmp(r.agent) != 0 ||
		reqs[0].RequestURI != "data:,batch" || reqs[0].RequestHash != reqHash {
		t.Fatalf("ValidationRequest %+v", reqs)
	}
	c.reverts(c.owner, val, valABI.PackValidationRequest(validator.From, r.agent, "data:,again", reqHash), "ValidationRegistry: request already filed")
	if st := call(t, val, valABI.PackGetValidationStatus(reqHash), valABI.UnpackGetValidationStatus); st.ValidatorAddress != validator.From || st.LastUpdate.Sign() != 0 {
		t.Fatalf("status before any response: %+v", st)
	}

	// Only the named validator answers; scores are 0..100.
	c.reverts(r.eve, val, valABI.PackValidationResponse(reqHash, 90, "data:,r", common.Hash{1}, "replay"), "ValidationRegistry: only the named validator may respond")
	c.reverts(c.owner, val, valABI.PackValidationResponse(reqHash, 90, "data:,r", common.Hash{1}, "replay"), "ValidationRegistry: only the named validator may respond")
	c.reverts(validator, val, valABI.PackValidationResponse(reqHash, 101, "data:,r", common.Hash{1}, "replay"), "ValidationRegistry: response above 100")
	c.reverts(validator, val, valABI.PackValidationResponse(common.Hash{9}, 50, "data:,r", common.Hash{1}, "replay"), "ValidationRegistry: no such request")
	c.send(validator, val, valABI.PackValidationResponse(reqHash, 40, "data:,first", common.Hash{1}, "replay"))
	rcpt = c.send(validator, val, valABI.PackValidationResponse(reqHash, 100, "data:,second", common.Hash{2}, "replay"))
	resp := events(t, rcpt, val.Address(), valABI.UnpackValidationResponseEvent)
	if len(resp) != 1 || resp[0].Response != 100 || resp[0].ResponseURI != "data:,second" || resp[0].Tag != "replay" ||
		resp[0].AgentId.Cmp(r.agent) != 0 || resp[0].ValidatorAddress != validator.From || resp[0].RequestHash != reqHash {
		t.Fatalf("ValidationResponse %+v", resp)
	}
	st := call(t, val, valABI.PackGetValidationStatus(reqHash), valABI.UnpackGetValidationStatus)
	if st.Response != 100 || st.ResponseHash != (common.Hash{2}) || st.Tag != "replay" || st.LastUpdate.Sign() == 0 {
		t.Fatalf("status after two responses: %+v", st)
	}

	// A second request to another validator, answered 50: the summary
	// averages answered requests, filtered by validator and tag.
	second := common.Hash{0x5e}
	c.send(c.owner, val, valABI.PackValidationRequest(r.eve.From, r.agent, "data:,b2", second))
	c.send(r.eve, val, valABI.PackValidationResponse(second, 50, "", common.Hash{}, "other"))
	for _, tc := range []struct {
		validators []common.Address
		tag        string
		count      uint64
		avg        uint8
	}{
		{nil, "", 2, 75},
		{nil, "replay", 1, 100},
		{[]common.Address{r.eve.From}, "", 1, 50},
		{[]common.Address{c.alice.From}, "", 0, 0},
	} {
		s := call(t, val, valABI.PackGetValidationSummary(r.agent, tc.validators, tc.tag), valABI.UnpackGetValidationSummary)
		if s.Count != tc.count || s.AverageResponse != tc.avg {
			t.Errorf("getSummary(%v, %q) = %+v, want %d, %d", tc.validators, tc.tag, s, tc.count, tc.avg)
		}
	}
	if got := call(t, val, valABI.PackGetAgentValidations(r.agent), valABI.UnpackGetAgentValidations); len(got) != 2 || got[0] != reqHash || got[1] != second {
		t.Errorf("getAgentValidations = %x", got)
	}
	if got := call(t, val, valABI.PackGetValidatorRequests(validator.From), valABI.UnpackGetValidatorRequests); len(got) != 1 || got[0] != reqHash {
		t.Errorf("getValidatorRequests = %x", got)
	}
}
