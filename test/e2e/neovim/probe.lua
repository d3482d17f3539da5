-- Drives qemu-launch's language server from Neovim 0.7 (Debian's `neovim`), headless, the way a
-- user's init.lua would: vim.lsp.start_client + buf_attach_client (vim.lsp.start is 0.8+).
-- Run: QL_PROBE='{"cmd":[...],"file":"...","hovers":[{"line":0,"character":0}],"timeoutMs":20000}' \
--        nvim --headless -u NONE -i NONE -n -c 'luafile probe.lua'
-- Writes one JSON object to stdout and quits: { diagnostics, hovers, hoverProvider, exited, log, error }.
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

  vim.cmd('edit ' .. vim.fn.fnameescape(probe.file))
  local bufnr = vim.api.nvim_get_current_buf()
  -- With -u NONE there is no filetype detection; set what Neovim's own detection gives a .sh file.
  vim.bo[bufnr].filetype = 'sh'
  local uri = vim.uri_from_bufnr(bufnr)

  local client_id = vim.lsp.start_client({
    name = 'qemu-launch',
    cmd = probe.cmd,
    root_dir = vim.fn.fnamemodify(probe.file, ':p:h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(_, result)
        if result and result.uri == uri then
          out.diagnostics = result.diagnostics
        end
      end,
      -- The server may log or show messages; keep them for the report instead of the screen.
      ['window/logMessage'] = function(_, result)
        note('log: ' .. tostring(result and result.message))
      end,
      ['window/showMessage'] = function(_, result)
        note('show: ' .. tostring(result and result.message))
      end,
    },
    on_exit = function(code, signal)
      out.exited = { code = code, signal = signal }
    end,
  })
  if not client_id then error('vim.lsp.start_client returned nil') end
  if not vim.lsp.buf_attach_client(bufnr, client_id) then error('buf_attach_client failed') end

  local client = vim.lsp.get_client_by_id(client_id)
  if not vim.wait(timeout, function() return client.initialized or out.exited ~= nil end, 20) then
    error('the server did not finish initialize within ' .. timeout .. ' ms')
  end
  if out.exited then error('the server exited during initialize') end
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
  if not vim.wait(timeout, function() return out.exited ~= nil end, 20) then
    note('the server did not exit within ' .. timeout .. ' ms after shutdown')
  end
end)

if not ok then out.error = tostring(err) end
finish()
