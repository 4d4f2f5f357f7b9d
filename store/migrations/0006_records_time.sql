-- 0006: the limits read an agent's records of the last 24 hours (signed
-- orders, their cancels and fills) by time, not its whole log.
CREATE INDEX records_agent_time ON records (agent, time_ns);
