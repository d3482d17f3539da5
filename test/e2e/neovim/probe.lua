-- Drives qemu-launch's language server from Neovim 0.7 (Debian's `neovim`), headless. The client
-- is started by the user's configuration: nvim runs with `-u <snippet>` (a block of
-- docs/distribution.md), and setting the buffer's filetype fires its FileType autocommand. Neovim
-- 0.7 has no vim.lsp.start (0.8+): a stand-in with 0.8's effect here (start the client, attach
-- the current buffer) lets the documented 0.8 snippet run too.
-- Run: QL_PROBE='{"file":"...","hovers":[{"line":0,"character":0}],"timeoutMs":20000}' \
--        nvim --headless -u snippet.lua -i NONE -n -c 'luafile probe.lua'
-- Writes one JSON object to stdout and quits: { diagnostics, hovers, hoverProvider, stopped, log, error }.
-- Positions are LSP's (0-based line, UTF-16 character); the file is ASCII, so bytes = characters.

local out = { diagnostics = nil, hovers = {}, log = {} }

local function finish()
  io.stdout:write(vim.fn.json_encode(out), '\n')
  io.stdout:flush()
  vim.cmd('qall!')
end

local function note(msg)
  table.insert(out.log, msg)
end

local ok, err = pcall(function()
  local probe = vim.fn.json_decode(os.getenv('QL_PROBE') or error('QL_PROBE is not set'))
  local timeout = probe.timeoutMs or 20000

  if vim.lsp.start == nil then
    vim.lsp.start = function(config)
      local id = vim.lsp.start_client(config)
      if id then vim.lsp.buf_attach_client(vim.api.nvim_get_current_buf(), id) end
      return id
    end
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(probe.file))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  -- The client the snippet starts uses the default handlers: record what they are given.
  local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
    if result and result.uri == uri then out.diagnostics = result.diagnostics end
    return publish(err, result, ctx, config)
  end
  -- The server may log or show messages; keep them for the report instead of the screen.
  vim.lsp.handlers['window/logMessage'] = function(_, result)
    note('log: ' .. tostring(result and result.message))
  end
  vim.lsp.handlers['window/showMessage'] = function(_, result)
    note('show: ' .. tostring(result and result.message))
  end

  -- Without filetype detection (headless test), set what Neovim's own detection gives a .sh
  -- file: this fires the snippet's FileType autocommand, which starts and attaches the client.
  vim.bo[bufnr].filetype = 'sh'
  -- Neovim 0.7 lists a client as attached once it has initialized.
  local client
  vim.wait(timeout, function()
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if c.name == 'qemu-launch' then client = c end
    end
    return client ~= nil
  end, 20)
  if not client then error('the configuration attached no initialized qemu-launch client within ' .. timeout .. ' ms') end
  local client_id = client.id
  if not vim.wait(timeout, function() return client.initialized or client.is_stopped() end, 20) then
    error('the server did not finish initialize within ' .. timeout .. ' ms')
  end
  if client.is_stopped() then error('the server exited during initialize') end
  out.hoverProvider = client.server_capabilities.hoverProvider ~= nil

  if not vim.wait(timeout, function() return out.diagnostics ~= nil end, 20) then
    error('no textDocument/publishDiagnostics for ' .. uri .. ' within ' .. timeout .. ' ms')
  end

  for _, pos in ipairs(probe.hovers or {}) do
    local params = { textDocument = { uri = uri }, position = { line = pos.line, character = pos.character } }
    local responses, request_err = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, timeout)
    if not responses then error('hover request failed: ' .. tostring(request_err)) end
    local response = responses[client_id] or {}
    if response.err then error('hover answered an error: ' .. vim.inspect(response.err)) end
    local contents = response.result and response.result.contents
    local text = nil
    if type(contents) == 'table' then
      -- MarkupContent { kind, value } or MarkedString[]; either way, keep only the text.
      text = contents.value or table.concat(vim.tbl_map(function(c)
        return type(c) == 'table' and c.value or c
      end, contents), '\n')
    elseif type(contents) == 'string' then
      text = contents
    end
    table.insert(out.hovers, { line = pos.line, character = pos.character, text = text or vim.NIL })
  end

  -- A clean shutdown proves the server honours shutdown/exit, not just that we killed it.
  client.stop()
  out.stopped = vim.wait(timeout, function() return client.is_stopped() end, 20)
end)

if not ok then out.error = tostring(err) end
finish()
