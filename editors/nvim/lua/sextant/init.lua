-- Sextant for Neovim: attaches the `sextant` language server (LSP over stdio) to the supported
-- filetypes, one client per workspace root. Neovim 0.7 (vim.lsp.start_client +
-- vim.lsp.buf_attach_client, de-duplicated here per root) and 0.8+ (vim.lsp.start).
--
--   require('sextant').setup{
--     cmd = { 'sextant' },                       -- server command line
--     filetypes = { 'c', 'cpp', 'python', ... },
--     root_markers = { '.git', '.sextant', '.sextant.json' },
--     init_options = { store = 'lmdb', excludes = {}, logLevel = 'info' },
--   }
--
-- Commands: :SextantReindex (restart the client of the current root, which brings the index up to
-- date), :SextantCheck (runs `sextant --check --format json ROOT`, fills the quickfix list),
-- :SextantStatus (index progress). Whatever the server advertises works through the built-in LSP
-- client: definition and document symbols today; references (vim.lsp.buf.references), incoming
-- and outgoing calls (vim.lsp.buf.incoming_calls) and workspace symbols once it announces them.
local M = {}

local uv = vim.loop
local has_start = vim.lsp.start ~= nil -- 0.8+

M.index_token = 'sextant/index'

local defaults = {
  name = 'sextant',
  cmd = { 'sextant' },
  filetypes = { 'c', 'cpp', 'python', 'rust', 'go', 'java', 'javascript', 'typescript', 'typescriptreact' },
  root_markers = { '.git', '.sextant', '.sextant.json' },
  init_options = vim.empty_dict(),
  -- Command line of :SextantCheck for a root (a list, or a function(root) returning one); nil:
  -- cmd .. { '--check', '--format', 'json', '--quiet', root }.
  check_cmd = nil,
  on_attach = nil,
  capabilities = nil,
  autostart = true,
}

M.config = vim.deepcopy(defaults)
-- 0.7 only: root -> client id. On 0.8+ vim.lsp.start reuses a client by name and root itself.
local clients_by_root = {}
-- client id -> { indexing = bool, ready = bool, percentage = n, message = s }
local progress = {}

local function notify(msg, level)
  vim.notify('sextant: ' .. msg, level or vim.log.levels.INFO)
end

local function json_decode(text)
  if vim.json and vim.json.decode then return vim.json.decode(text) end
  return vim.fn.json_decode(text)
end

-- Client methods: `client.stop()` up to 0.10, `client:stop()` from 0.11 on.
local method_calls = vim.fn.has('nvim-0.11') == 1
local function client_stop(client, force)
  if method_calls then return client:stop(force) end
  return client.stop(force)
end
local function client_is_stopped(client)
  if method_calls then return client:is_stopped() end
  return client.is_stopped()
end

local function is_dir(path)
  local stat = uv.fs_stat(path)
  return stat ~= nil and stat.type == 'directory'
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ':h')
end

--- The nearest ancestor folder of `path` holding one of `markers`; nil when none does.
function M.find_root(path, markers)
  markers = markers or M.config.root_markers
  local dir = is_dir(path) and path or dirname(path)
  dir = vim.fn.fnamemodify(dir, ':p'):gsub('/$', '')
  if dir == '' then dir = '/' end
  while true do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. '/' .. marker) then return dir end
    end
    local parent = dirname(dir)
    if parent == dir then return nil end
    dir = parent
  end
end

--- Root of a buffer: a marker folder, else the file's folder, else the current folder.
function M.root_of(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then return vim.fn.getcwd() end
  name = vim.fn.fnamemodify(name, ':p')
  return M.find_root(name) or dirname(name)
end

-- Tracks the index progress of each client; chains to the default handler.
local function progress_handler(err, result, ctx, config)
  if result and result.token == M.index_token and result.value then
    local state = progress[ctx.client_id] or {}
    progress[ctx.client_id] = state
    local value = result.value
    if value.kind == 'begin' then
      state.indexing, state.ready = true, false
    elseif value.kind == 'end' then
      state.indexing, state.ready = false, true
      vim.api.nvim_exec_autocmds('User', { pattern = 'SextantIndexed', modeline = false })
    end
    if value.percentage then state.percentage = value.percentage end
    if value.message then state.message = value.message end
  end
  local default = vim.lsp.handlers['$/progress']
  if default then return default(err, result, ctx, config) end
end

local function client_config(root)
  local c = M.config
  return {
    name = c.name,
    cmd = c.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = c.init_options,
    capabilities = c.capabilities,
    on_attach = c.on_attach,
    handlers = { ['$/progress'] = progress_handler },
    on_exit = function(_, _, client_id)
      progress[client_id] = nil
      for r, id in pairs(clients_by_root) do
        if id == client_id then clients_by_root[r] = nil end
      end
    end,
  }
end

--- Attaches the server to a buffer (starting a client for its root when needed); returns the
--- client id.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local root = M.root_of(bufnr)
  if has_start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client_is_stopped(client) then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      notify('cannot start ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- The sextant client of a buffer (default: current), or nil.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.lsp.get_clients then -- 0.10+
    return vim.lsp.get_clients({ bufnr = bufnr, name = M.config.name })[1]
  end
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == M.config.name then return client end
  end
  return nil
end

--- Index state of a client: { indexing, ready, percentage, message } (empty before $/progress).
function M.progress(client_id)
  return progress[client_id] or {}
end

--- Short status for a statusline: '', 'sextant: indexing 42%', 'sextant: ready'.
function M.status(bufnr)
  local client = M.client(bufnr)
  if not client then return '' end
  local p = M.progress(client.id)
  if p.indexing then return ('sextant: indexing %d%%'):format(p.percentage or 0) end
  if p.ready then return 'sextant: ready' end
  return 'sextant'
end

--- :SextantReindex: restarts the client of the current buffer's root and re-attaches its buffers.
function M.reindex()
  local client = M.client(0)
  if not client then
    notify('no sextant client for this buffer', vim.log.levels.WARN)
    return
  end
  local buffers = vim.lsp.get_buffers_by_client_id(client.id)
  client_stop(client)
  local timer = uv.new_timer()
  local waited = 0
  timer:start(50, 50, vim.schedule_wrap(function()
    waited = waited + 50
    if not client_is_stopped(client) and waited < 5000 then return end
    timer:stop()
    timer:close()
    if not client_is_stopped(client) then client_stop(client, true) end
    for _, b in ipairs(buffers) do
      if vim.api.nvim_buf_is_valid(b) then M.attach(b) end
    end
    notify('restarted; reindexing ' .. (client.config.root_dir or ''))
  end))
end

local severity_types = { error = 'E', warning = 'W' }

--- Quickfix items from `sextant --check --format json` output:
--- {"findings":[{"file","line","column","severity","rule","message"}]}, paths relative to root.
function M.parse_check(text, root)
  local ok, doc = pcall(json_decode, text)
  if not ok or type(doc) ~= 'table' then
    error('sextant --check did not print JSON: ' .. tostring(doc))
  end
  if type(doc.findings) ~= 'table' then error('sextant --check JSON has no "findings" array') end
  local items = {}
  for _, f in ipairs(doc.findings) do
    if type(f) == 'table' and type(f.file) == 'string' then
      local file = f.file:sub(1, 1) == '/' and f.file or (root .. '/' .. f.file)
      local rule = type(f.rule) == 'string' and f.rule ~= '' and ('[' .. f.rule .. '] ') or ''
      table.insert(items, {
        filename = file,
        lnum = tonumber(f.line) or 1,
        col = tonumber(f.column) or 1,
        type = severity_types[f.severity] or 'I',
        text = rule .. (type(f.message) == 'string' and f.message or ''),
      })
    end
  end
  return items
end

local function check_command(root)
  local c = M.config.check_cmd
  if type(c) == 'function' then return c(root) end
  if type(c) == 'table' then return c end
  local cmd = vim.deepcopy(M.config.cmd)
  vim.list_extend(cmd, { '--check', '--format', 'json', '--quiet', root })
  return cmd
end

--- :SextantCheck: runs the check on the current root and fills the quickfix list.
--- `on_done(items_or_nil, err)` is called when it finishes (for scripts and tests).
function M.check(on_done)
  local root = M.root_of(vim.api.nvim_get_current_buf())
  local cmd = check_command(root)
  local stdout, stderr = {}, {}
  local job = vim.fn.jobstart(cmd, {
    cwd = root,
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data) stdout = data or {} end,
    on_stderr = function(_, data) stderr = data or {} end,
    on_exit = function(_, code)
      local ok, items = pcall(M.parse_check, table.concat(stdout, '\n'), root)
      if not ok then
        local msg = ('check failed (exit %d): %s %s'):format(code, tostring(items), table.concat(stderr, '\n'))
        notify(msg, vim.log.levels.ERROR)
        if on_done then on_done(nil, msg) end
        return
      end
      vim.fn.setqflist({}, 'r', { title = 'sextant --check ' .. root, items = items })
      notify(('%d finding(s)'):format(#items))
      if on_done then on_done(items) end
    end,
  })
  if job <= 0 then
    local msg = 'cannot run ' .. table.concat(cmd, ' ')
    notify(msg, vim.log.levels.ERROR)
    if on_done then on_done(nil, msg) end
  end
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.cmd then M.config.cmd = opts.cmd end -- lists replace, not merge
  if opts and opts.filetypes then M.config.filetypes = opts.filetypes end
  if opts and opts.root_markers then M.config.root_markers = opts.root_markers end

  local group = vim.api.nvim_create_augroup('sextant', { clear = true })
  if M.config.autostart then
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = M.config.filetypes,
      callback = function(args)
        if vim.bo[args.buf].buftype == '' then M.attach(args.buf) end
      end,
    })
  end
  vim.api.nvim_create_user_command('SextantReindex', function() M.reindex() end,
    { desc = 'Restart the sextant client (reindex the workspace)' })
  vim.api.nvim_create_user_command('SextantCheck', function() M.check() end,
    { desc = 'sextant --check --format json into the quickfix list' })
  vim.api.nvim_create_user_command('SextantStatus', function() print(M.status(0)) end,
    { desc = 'Show the sextant index status' })
end

return M
