#!/usr/bin/env bash
# End-to-end test of the TUI: starts the real binary in tmux on a fresh home
# with an `ask` agent, opens an agent, denies a pending trade (recorded as
# denied), approves the next one (sent and confirmed with its tx hash), sends
# 1 USDC from the Wallet screen, and quits (draining). Needs tmux, so it is not part of CI: run it with
# `make e2e`.
set -euo pipefail

BIN=${BIN:-bin/agentctl}
TIMEOUT=${E2E_TIMEOUT:-90}
command -v tmux >/dev/null || { echo "e2e: needs tmux (e.g. apt-get install tmux)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "e2e: no $BIN: run make build" >&2; exit 2; }

home=$(mktemp -d)
session="agentctl-e2e-$$"
cleanup() {
	tmux kill-session -t "$session" 2>/dev/null || true
	rm -rf "$home"
}
trap cleanup EXIT

# One agent that trades on its own and one that asks first. dex-b starts
# off dex-a's price, so the arbitrage agent has a plan to ask about at once.
cat >"$home/config.yaml" <<'EOF'
agents:
  - name: asker
    strategy: dex.arbitrage
    params: {dexes: [dex-a, dex-b], base: WETH, quote: USDC, max_trade: "1000", min_profit: "1", slippage_bps: 50, gas_units: 400000}
    model: rules
    mode: ask
    interval: 1s
    approval_timeout: 5m
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a, dex-b]
      allowed_methods: [approve, swapExactTokensForTokens]
      max_trade: {USDC: "2000", WETH: "1"}
      max_trade_quote: "2000"
      max_daily: {USDC: "100000", WETH: "40"}
      max_daily_quote: "100000"
      quote_token: USDC
      max_slippage_bps: 50
      max_gas_price_gwei: "100"
      max_trades_per_hour: 120
      drawdown_kill_pct: 20
  - name: momentum
    strategy: dex.momentum
    params: {dex: dex-a, base: WETH, quote: USDC, lookback: 5, threshold_bps: 30, max_trade: "1000", slippage_bps: 50}
    model: rules
    mode: auto
    interval: 1s
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a]
      allowed_methods: [approve, swapExactTokensForTokens]
      max_trade: {USDC: "2000", WETH: "1"}
      max_trade_quote: "2000"
      max_daily: {USDC: "100000", WETH: "40"}
      max_daily_quote: "100000"
      quote_token: USDC
      max_slippage_bps: 50
      max_gas_price_gwei: "100"
      max_trades_per_hour: 120
      drawdown_kill_pct: 20
EOF

screen() { tmux capture-pane -p -t "$session"; }

# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for() {
	local text=$1 limit=${2:-$TIMEOUT} start=$SECONDS
	until screen | grep -qF -- "$text"; do
		if ((SECONDS - start > limit)); then
			echo "e2e: FAIL: no \"$text\" on screen after ${limit}s; the screen:" >&2
			screen >&2
			echo "--- last log lines:" >&2
			tail -n 20 "$home/agentctl.log" >&2 || true
			exit 1
		fi
		sleep 0.2
	done
}

keys() { tmux send-keys -t "$session" "$@"; }

step() { echo "e2e: $*"; }

tmux new-session -d -s "$session" -x 120 -y 40 \
	"TERM=xterm-256color $BIN --home '$home' --config '$home/config.yaml'; echo \"AGENTCTL-EXIT=\$?\" >'$home/exit'; sleep 30"

step "the screen is up with the configured agents"
wait_for "asker" 10
wait_for "momentum" 10
step "the agents run"
wait_for "running"

step "open an agent (momentum) and see its decisions"
keys End Enter
wait_for "Agents › momentum" 10
wait_for "RATIONALE" 10
wait_for "verdict" 30
keys Escape
sleep 0.3 # esc then a key at once reads as alt+key

step "a plan of the ask agent waits in Approvals with decoded amounts"
keys 2
wait_for "asker wants to:"
wait_for "swapExactTokensForTokens on dex-" 10
wait_for "USDC (" 10
wait_for "simulated" 10

# approval_id: the id of the request the Approvals screen shows.
approval_id() { screen | grep -oE '\b[0-9a-f]{16}\b' | head -1; }

step "deny it: nothing is sent and the decision is recorded as denied"
first=$(approval_id)
[ -n "$first" ] || { echo "e2e: FAIL: no approval id on screen" >&2; screen >&2; exit 1; }
keys d
wait_for "Nothing is sent; the decision is recorded as denied" 10
sleep 0.5 # the dialog ignores keys for a moment after it opens
keys y
wait_for "✓ denied asker" 10

step "the agent asks again: approve it"
start=$SECONDS
until id=$(approval_id) && [ -n "$id" ] && [ "$id" != "$first" ]; do
	if ((SECONDS - start > TIMEOUT)); then echo "e2e: FAIL: no new approval request after the denial" >&2; screen >&2; exit 1; fi
	sleep 0.2
done
wait_for "asker wants to:" 10
keys a
wait_for "These exact calls will be signed and sent" 10
sleep 0.5 # the dialog ignores keys for a moment (unit-tested in tui)
keys y
wait_for "✓ approved asker" 10

step "the approved trade is sent and confirmed with its tx hash; the denied one is recorded"
keys 1 Home Enter
wait_for "Agents › asker" 10
for _ in $(seq 1 "$TIMEOUT"); do
	if screen | grep -E "approved +confirmed +0x" >/dev/null; then break; fi
	sleep 1
done
screen | grep -E "approved +confirmed +0x" >/dev/null || { echo "e2e: FAIL: no approved, confirmed decision with a tx:" >&2; screen >&2; exit 1; }
screen | grep -E "approved +confirmed +0x" | head -1
screen | grep -E "allowed +denied +skipped" >/dev/null || { echo "e2e: FAIL: no denied decision in the stream:" >&2; screen >&2; exit 1; }
screen | grep -E "allowed +denied +skipped" | head -1

step "send 1 USDC from the Wallet screen: the confirmation shows the decoded transfer and fee"
keys 3
wait_for "ACCOUNT" 10
wait_for "0x" 30
keys s
wait_for "Send from" 10
tmux send-keys -t "$session" -l "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
keys Tab BSpace BSpace BSpace
tmux send-keys -t "$session" -l "USDC"
keys Tab 1 Tab Enter # no passphrase: on the devnet agentctl uses its own
wait_for "Send this transfer?" 20
wait_for "1 USDC (1000000 base units)" 5
wait_for "Fee" 5
sleep 0.5
keys y
wait_for "✓ sent: 0x" 30

step "quit: the agents drain and the TUI exits 0"
keys q
for _ in $(seq 1 60); do [ -f "$home/exit" ] && break; sleep 0.5; done
[ -f "$home/exit" ] || { echo "e2e: FAIL: agentctl did not exit after q" >&2; screen >&2; exit 1; }
grep -q "AGENTCTL-EXIT=0" "$home/exit" || { echo "e2e: FAIL: $(cat "$home/exit")" >&2; tail -n 20 "$home/agentctl.log" >&2; exit 1; }
grep -q '"approval":"approved"' "$home/agentctl.log" || { echo "e2e: FAIL: the log has no approved approval" >&2; exit 1; }
grep -q '"stopped cleanly"' "$home/agentctl.log" || { echo "e2e: FAIL: the log does not say the drain finished" >&2; exit 1; }

step "PASS"
