-- The enrollment a credential was issued to: SHA-256 (hex) of the random id the agent made before
-- its first attempt and sends with every retry of it. A retry with the same id, while the
-- credential has not been used by any report, is answered with a fresh credential that replaces
-- this one: the first answer never reached the agent (its timeout passed, the connection broke).
-- Null for credentials issued before this version, or to agents that send no id.
alter table agent_credential add column enrollment_digest char(64);
