package adapter

import _ "github.com/agentctl/agentctl/strategies/all" // the strategies and venues the tests boot
