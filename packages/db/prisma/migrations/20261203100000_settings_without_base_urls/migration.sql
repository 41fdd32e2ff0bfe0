-- Where a connection calls is no longer a setting: real connections call only their
-- provider's official hosts, sandbox ones only the sandbox the operator configured
-- (TRIBUTARY_SANDBOX_URL). Any API key could set these keys and send a connection's token
-- to a host of its choosing, so stored copies go too.
UPDATE "connections"
   SET "settings" = "settings" - 'baseUrl' - 'sandboxBaseUrl'
 WHERE "settings" ? 'baseUrl' OR "settings" ? 'sandboxBaseUrl';
