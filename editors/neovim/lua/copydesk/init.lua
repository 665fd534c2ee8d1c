-- copydesk for Neovim: starts `copydesk lsp` on Markdown and plain-text buffers.
--
--   require("copydesk").setup({
--     cmd = { "copydesk", "lsp" },          -- how to start the server
--     filetypes = { "markdown", "text" },   -- buffers to attach to
--     settings = {                          -- sent as initializationOptions and
--       corpus = { "~/newsroom/corpus" },   -- workspace/didChangeConfiguration
--       severity = { ["name-spelling"] = "error" },
--       disabledCodes = { "unattributed-figure" },
--       debounceMs = 300,
--       attributionScope = "paragraph",
--     },
--     hover_keymap = "K",                   -- M.hover() on copydesk buffers (false: none)
--     border = "rounded",                   -- copydesk's floats (false: none)
--   })
--
-- Works from Neovim 0.7 to the newest by feature detection:
--   0.11+     vim.lsp.config() + vim.lsp.enable() (see also lsp/copydesk.lua)
--   0.8–0.10  vim.lsp.start() from a FileType autocommand
--   0.7       vim.lsp.start_client() + vim.lsp.buf_attach_client()

local M = {}

M.name = "copydesk"

M.defaults = {
  cmd = { "copydesk", "lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { ".copydesk.toml", ".git" },
  settings = {},
  -- The key that shows a finding and its source (M.hover), in copydesk buffers.
  hover_keymap = "K",
  -- The border of copydesk's floats and of diagnostic floats that set none.
  border = "rounded",
  -- Optional: on_attach(client, bufnr), capabilities, cmd_env.
}

local opts = vim.deepcopy(M.defaults)
local started = {} -- 0.7 only: root_dir -> client id
local augroup

local function notify(msg, level)
  vim.notify("copydesk: " .. msg, level or vim.log.levels.WARN)
end

--- Which way of starting clients this Neovim supports.
function M.strategy()
  if type(vim.lsp.config) ~= "nil" and type(vim.lsp.enable) == "function" then
    return "enable" -- 0.11+
  elseif type(vim.lsp.start) == "function" then
    return "start" -- 0.8 to 0.10
  else
    return "start_client" -- 0.7
  end
end

local function is_empty_list(v)
  return type(v) == "table" and next(v) == nil
end

--- Settings as the server wants them: `~` expanded in corpus paths and empty
--- lists dropped (Lua cannot tell an empty list from an empty object, and the
--- server wants lists).
function M.server_settings(settings)
  local out = {}
  for k, v in pairs(settings or {}) do
    if not is_empty_list(v) then
      out[k] = v
    end
  end
  if type(out.corpus) == "string" then
    out.corpus = { out.corpus }
  end
  if type(out.corpus) == "table" then
    local paths = {}
    for _, p in ipairs(out.corpus) do
      table.insert(paths, vim.fn.fnamemodify(vim.fn.expand(p), ":p"))
    end
    out.corpus = paths
  end
  return out
end

--- Diagnostic floats (`<C-w>d`, vim.diagnostic.open_float) get the border
--- too, unless the user's configuration gives them one.
local function border_diagnostic_floats()
  if not opts.border then
    return
  end
  local current = vim.diagnostic.config() or {}
  local float = type(current.float) == "table" and vim.deepcopy(current.float) or {}
  if float.border == nil then
    float.border = opts.border
    vim.diagnostic.config({ float = float })
  end
end

--- on_attach: copydesk's hover key, then the user's own on_attach.
local function attach_with(user_on_attach)
  return function(client, bufnr)
    if opts.hover_keymap then
      vim.keymap.set("n", opts.hover_keymap, M.hover, {
        buffer = bufnr,
        desc = "copydesk: the finding here and its source",
      })
    end
    border_diagnostic_floats()
    if user_on_attach then
      user_on_attach(client, bufnr)
    end
  end
end

--- The client configuration (the shape vim.lsp.config / vim.lsp.start take).
function M.config(user)
  local o = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), user or {})
  local s = M.server_settings(o.settings)
  local cfg = {
    name = M.name,
    cmd = o.cmd,
    cmd_env = o.cmd_env,
    filetypes = o.filetypes,
    root_markers = o.root_markers,
    on_attach = attach_with(o.on_attach),
    capabilities = o.capabilities,
  }
  -- Only when there is something to send: Neovim encodes an empty table as [].
  if next(s) ~= nil then
    cfg.init_options = { copydesk = s }
    -- Answers workspace/configuration and is pushed with didChangeConfiguration.
    cfg.settings = { copydesk = s }
  end
  return cfg
end

local function buf_path(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" then
    return nil
  end
  return vim.fn.fnamemodify(name, ":p")
end

--- Project root for a buffer: nearest folder with a root marker, else the file's folder.
function M.root_dir(bufnr, markers)
  local path = buf_path(bufnr)
  local dir = path and vim.fn.fnamemodify(path, ":h") or vim.fn.getcwd()
  local search = dir:gsub("([ ,;\\])", "\\%1") .. ";"
  for _, marker in ipairs(markers or opts.root_markers) do
    local found = vim.fn.findfile(marker, search)
    if found == "" then
      found = vim.fn.finddir(marker, search)
    end
    if found ~= "" then
      local full = vim.fn.fnamemodify(found, ":p"):gsub("/+$", "")
      return vim.fn.fnamemodify(full, ":h")
    end
  end
  return dir
end

-- Client methods became `client:method()` in 0.11; before that they were plain functions.
local method_style = vim.fn.has("nvim-0.11") == 1
local function call(client, method, ...)
  if method_style then
    return client[method](client, ...)
  end
  return client[method](...)
end

local function get_clients(filter)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients(filter)
  end
  -- 0.7–0.9
  local out = {}
  local list = filter and filter.bufnr and vim.lsp.buf_get_clients(filter.bufnr) or vim.lsp.get_active_clients()
  for _, c in pairs(list) do
    if not filter or not filter.name or c.name == filter.name then
      table.insert(out, c)
    end
  end
  return out
end

--- copydesk clients, optionally only those attached to a buffer.
function M.clients(bufnr)
  return get_clients({ name = M.name, bufnr = bufnr })
end

--- copydesk's diagnostics under a position (0-based row, byte column).
local function diagnostics_at(bufnr, row, col)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = row })) do
    local last = (d.end_lnum == nil or d.end_lnum == row) and (d.end_col or d.col) or math.huge
    if d.source == M.name and d.col <= col and col <= last then
      table.insert(out, d)
    end
  end
  return out
end

local function hover_markdown(result)
  local c = result and result.contents
  if type(c) == "string" then
    return c
  elseif type(c) == "table" and c.value then
    return c.value
  elseif type(c) == "table" then
    local parts = {}
    for _, x in ipairs(c) do
      table.insert(parts, type(x) == "string" and x or x.value or "")
    end
    return table.concat(parts, "\n")
  end
  return ""
end

--- The hover float's lines: the findings' messages first (what to fix),
--- then the server's card (the source and its article).
function M.hover_lines(messages, markdown)
  local lines = {}
  for _, m in ipairs(messages) do
    table.insert(lines, m)
  end
  if markdown and markdown ~= "" then
    if #lines > 0 then
      table.insert(lines, "")
      table.insert(lines, "---")
    end
    for _, l in ipairs(vim.split(markdown, "\n", { plain = true })) do
      table.insert(lines, l)
    end
  end
  return lines
end

--- Show the finding under the cursor and its source in a float: the
--- diagnostic's message first, then the server's hover card.
function M.hover()
  local bufnr = vim.api.nvim_get_current_buf()
  local win = vim.api.nvim_get_current_win()
  local cursor = vim.api.nvim_win_get_cursor(win)
  local messages = {}
  for _, d in ipairs(diagnostics_at(bufnr, cursor[1] - 1, cursor[2])) do
    table.insert(messages, d.message)
  end
  local function show(markdown)
    local lines = M.hover_lines(messages, markdown)
    if #lines == 0 then
      return
    end
    -- Styling the Markdown needs its tree-sitter parser; where a build has
    -- none, the float is already open with the text, unstyled.
    pcall(vim.lsp.util.open_floating_preview, lines, "markdown", {
      border = opts.border or nil,
      focus_id = "copydesk-hover",
    })
  end
  local client = M.clients(bufnr)[1]
  if not client then
    return show("")
  end
  local params = vim.lsp.util.make_position_params(win, client.offset_encoding or "utf-16")
  call(client, "request", "textDocument/hover", params, function(_, result)
    show(hover_markdown(result))
  end, bufnr)
end

local warned_cmd = false
--- Whether the server command can run; says once (as an error) if not, with
--- the install instructions README gives.
local function check_cmd(cfg)
  local exe = type(cfg.cmd) == "table" and cfg.cmd[1] or nil
  if exe and vim.fn.executable(exe) ~= 1 then
    if not warned_cmd then
      warned_cmd = true
      notify(
        ("cannot start the language server: %q is not an executable on PATH. "
          .. "Install it from a copydesk checkout with `cargo install --path . --locked` (which puts it in ~/.cargo/bin), "
          .. "or pass cmd = { \"/path/to/copydesk\", \"lsp\" } to setup()."):format(exe),
        vim.log.levels.ERROR
      )
    end
    return false
  end
  return true
end

local function wanted(bufnr)
  if vim.bo[bufnr].buftype ~= "" then
    return false
  end
  return vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype)
end

--- Attach copydesk to a buffer (0.7–0.10; 0.11+ does this through vim.lsp.enable).
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not wanted(bufnr) then
    return
  end
  local cfg = M.config(opts)
  if not check_cmd(cfg) then
    return
  end
  cfg.root_dir = M.root_dir(bufnr, opts.root_markers)
  cfg.workspace_folders = { { uri = vim.uri_from_fname(cfg.root_dir), name = cfg.root_dir } }
  cfg.root_markers, cfg.filetypes = nil, nil
  if M.strategy() == "start_client" then
    local id = started[cfg.root_dir]
    if not id or not vim.lsp.get_client_by_id(id) then
      id = vim.lsp.start_client(cfg)
      if not id then
        notify("failed to start " .. table.concat(cfg.cmd, " "), vim.log.levels.ERROR)
        return
      end
      started[cfg.root_dir] = id
    end
    vim.lsp.buf_attach_client(bufnr, id)
  else
    -- 0.8.0's vim.lsp.start() attaches the current buffer and ignores opts.bufnr.
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(cfg, { bufnr = bufnr })
    end)
  end
end

--- Whether going from `initial` (what running servers got at initialize) to
--- `next` clears something: the server layers pushed settings over its
--- initializationOptions, so a cleared setting needs a restart, not a push.
function M.needs_restart(initial, next)
  if type(initial.corpus) == "table" and #initial.corpus > 0 and not next.corpus then
    return true
  end
  for code in pairs(initial.severity or {}) do
    if not (next.severity or {})[code] then
      return true
    end
  end
  if initial.debounceMs ~= nil and next.debounceMs == nil then
    return true
  end
  return false
end

--- Ask the server for a buffer's diagnostics again (pull mode). Neovim 0.10
--- and 0.11 pull diagnostics only after an edit and cannot be told to pull
--- again (no workspace/diagnostic/refresh support), so after a settings change
--- the plugin pulls itself: a few times, as the server applies settings
--- asynchronously (a new corpus may take a moment to load).
local function pull_diagnostics(client, bufnr)
  if not (vim.lsp.diagnostic and vim.lsp.diagnostic.on_diagnostic) then
    return
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
  call(client, "request", "textDocument/diagnostic", params, function(err, result, ctx)
    if not vim.api.nvim_buf_is_valid(bufnr) then
      return
    end
    ctx = ctx or {}
    ctx.bufnr, ctx.client_id, ctx.method = bufnr, client.id, "textDocument/diagnostic"
    ctx.params = ctx.params or params
    vim.lsp.diagnostic.on_diagnostic(err, result, ctx)
  end, bufnr)
end

local function refresh_diagnostics()
  for _, delay in ipairs({ 50, 250, 750, 2000, 5000 }) do
    vim.defer_fn(function()
      for _, client in ipairs(M.clients()) do
        local pull = client.server_capabilities and client.server_capabilities.diagnosticProvider
        if pull and not call(client, "is_stopped") then
          for bufnr in pairs(client.attached_buffers or {}) do
            if vim.api.nvim_buf_is_loaded(bufnr) then
              pull_diagnostics(client, bufnr)
            end
          end
        end
      end
    end, delay)
  end
end

--- Send new settings to the running servers (and use them for new ones).
function M.update_settings(settings)
  local initial = M.server_settings(opts.settings)
  opts.settings = settings or {}
  local s = M.server_settings(opts.settings)
  if M.strategy() == "enable" then
    -- Replace, not merge (vim.lsp.config() deep-merges): settings cleared here
    -- must not live on in the configuration of the next client.
    vim.lsp.config[M.name] = M.config(opts)
  end
  if M.needs_restart(initial, s) then
    M.restart()
    return
  end
  -- An empty disabledCodes must reach the server as a list to clear it.
  local pushed = vim.deepcopy(s)
  if pushed.disabledCodes == nil then
    pushed.disabledCodes = vim.fn.json_decode("[]")
  end
  local clients = M.clients()
  for _, client in ipairs(clients) do
    -- Neovim 0.10+ answers workspace/configuration from client.settings;
    -- earlier versions from client.config.settings.
    -- (`pushed`, never an empty table, which would be sent as a list.)
    client.config.settings = { copydesk = pushed }
    if client.settings ~= nil or vim.fn.has("nvim-0.10") == 1 then
      client.settings = { copydesk = pushed }
    end
    call(client, "notify", "workspace/didChangeConfiguration", { settings = { copydesk = pushed } })
  end
  refresh_diagnostics()
end

--- Stop the servers and start them again for every matching buffer.
function M.restart()
  local clients = M.clients()
  local buffers = {}
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and wanted(bufnr) then
      table.insert(buffers, bufnr)
    end
  end
  for _, c in ipairs(clients) do
    call(c, "stop")
  end
  -- Wait until the old clients are gone, not only stopping: vim.lsp.start()
  -- (0.10) would otherwise reuse a client that is shutting down, and the
  -- buffers would end with no client at all.
  local function gone()
    local ids = {}
    for _, c in ipairs(get_clients({ name = M.name })) do
      ids[c.id] = true
    end
    for _, c in ipairs(clients) do
      if ids[c.id] then
        return false
      end
    end
    return true
  end
  if not vim.wait(5000, gone, 20) then
    for _, c in ipairs(clients) do
      call(c, "stop", true)
    end
    vim.wait(2000, gone, 20)
  end
  started = {}
  for _, bufnr in ipairs(buffers) do
    if M.strategy() == "enable" then
      vim.api.nvim_exec_autocmds("FileType", { buffer = bufnr, modeline = false })
    else
      M.start(bufnr)
    end
  end
  -- 0.10/0.11 pull a buffer's diagnostics on open only while it is shown:
  -- drafts in hidden buffers would have none until edited.
  refresh_diagnostics()
end

function M.setup(user)
  opts = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), user or {})
  -- Lists replace rather than merge.
  for _, k in ipairs({ "cmd", "filetypes", "root_markers" }) do
    if user and user[k] then
      opts[k] = user[k]
    end
  end

  augroup = vim.api.nvim_create_augroup("copydesk", { clear = true })
  vim.api.nvim_create_user_command("CopydeskRestart", function()
    M.restart()
  end, { desc = "Restart the copydesk language server" })

  if M.strategy() == "enable" then
    local cfg = M.config(opts)
    -- setup() gives the whole configuration: replace what an earlier setup()
    -- or update_settings() left (vim.lsp.config() would deep-merge into it).
    vim.lsp.config[M.name] = cfg
    vim.lsp.enable(M.name)
    -- 0.11+ only logs a missing command (`:checkhealth vim.lsp`): say so
    -- when a copydesk buffer opens, as the plugin does on older versions.
    vim.api.nvim_create_autocmd("FileType", {
      group = augroup,
      pattern = opts.filetypes,
      callback = function(args)
        if wanted(args.buf) then
          check_cmd(M.config(opts))
        end
      end,
    })
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and wanted(bufnr) then
        check_cmd(cfg)
      end
    end
    return
  end

  vim.api.nvim_create_autocmd("FileType", {
    group = augroup,
    pattern = opts.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
  -- Buffers that were already open when setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and wanted(bufnr) then
      M.start(bufnr)
    end
  end
end

return M
