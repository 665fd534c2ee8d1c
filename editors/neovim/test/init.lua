-- Headless end-to-end test of the Neovim plugin against the real server.
--
--   PATH="$PWD/target/release:$PATH" nvim --headless --clean -u editors/neovim/test/init.lua
--
-- Only this plugin (plus Neovim's own runtime) is on the runtimepath. The
-- setup code is the first ```lua block of README.md's "### Neovim" section, run
-- as written, so `copydesk` must be on PATH (the test checks it is
-- $COPYDESK_BIN, else the repo's target/release/copydesk). Exits 0 on success, 1 on any failure, 2 on timeout.

local script = debug.getinfo(1, "S").source:sub(2)
local test_dir = vim.fn.fnamemodify(script, ":p:h")
local plugin_dir = vim.fn.fnamemodify(test_dir, ":h")
local repo = vim.fn.fnamemodify(plugin_dir, ":h:h")
local timeout_ms = tonumber(vim.env.COPYDESK_TEST_TIMEOUT_MS or "") or 30000

vim.opt.runtimepath = { plugin_dir, vim.env.VIMRUNTIME }
vim.opt.packpath = { vim.env.VIMRUNTIME } -- only Neovim's own packages (0.11 loads netrw from there)
vim.opt.swapfile = false
vim.opt.more = false
vim.opt.hidden = true
vim.lsp.set_log_level("warn")

local failures = 0
local function out(s)
  io.stdout:write(s .. "\n")
end
local function ok(cond, what, detail)
  if cond then
    out("ok     " .. what)
  else
    failures = failures + 1
    out("FAILED " .. what .. (detail and ("\n       " .. tostring(detail)) or ""))
  end
  return cond
end

local function finish(code)
  pcall(function()
    for _, c in ipairs(require("copydesk").clients()) do
      if vim.fn.has("nvim-0.11") == 1 then
        c:stop(true)
      else
        c.stop(true)
      end
    end
  end)
  if code ~= 0 then
    local log = vim.lsp.get_log_path()
    if vim.fn.filereadable(log) == 1 then
      local lines = vim.fn.readfile(log)
      out("--- last lines of " .. log)
      for i = math.max(1, #lines - 20), #lines do
        out(lines[i])
      end
    end
  end
  io.stdout:flush()
  vim.cmd(code == 0 and "qall!" or ("cquit " .. code))
end

-- Never hang: give up after a generous overall limit.
local watchdog = vim.loop.new_timer()
watchdog:start(6 * timeout_ms, 0, vim.schedule_wrap(function()
  out("FAILED timed out")
  finish(2)
end))

local function read(path)
  return table.concat(vim.fn.readfile(path), "\n")
end

--- The first ```lua block under README.md's "### Neovim" heading.
local function readme_setup_block()
  local lines = vim.fn.readfile(repo .. "/README.md")
  local in_editors, in_section, in_block, block = false, false, false, {}
  for _, l in ipairs(lines) do
    if l:match("^## ") then
      in_editors = l:match("^## Editors") ~= nil
      in_section = false
    elseif in_editors and l:match("^### ") then
      in_section = l:match("^### Neovim") ~= nil
    elseif in_section and not in_block and l:match("^```lua") then
      in_block = true
    elseif in_block and l:match("^```") then
      return table.concat(block, "\n")
    elseif in_block then
      table.insert(block, l)
    end
  end
  return nil
end

local function wait(what, cond)
  local done = vim.wait(timeout_ms, cond, 50)
  ok(done, what, not done and ("not within " .. timeout_ms .. " ms") or nil)
  return done
end

local function diag_code(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function has_diag(bufnr, code, lnum, extra)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if diag_code(d) == code and d.lnum == lnum and (not extra or extra(d)) then
      return d
    end
  end
  return nil
end

local function describe_diags(bufnr)
  local parts = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(parts, ("%s@%d(%s)"):format(tostring(diag_code(d)), d.lnum + 1, tostring(d.severity)))
  end
  return table.concat(parts, ", ")
end

local function corpus_files_containing(s)
  local files = {}
  for _, f in ipairs(vim.fn.glob(repo .. "/corpus/*.txt", false, true)) do
    if read(f):find(s, 1, true) then
      table.insert(files, vim.fn.fnamemodify(f, ":t"))
    end
  end
  return files
end

local function hover_text(result)
  if not result or not result.contents then
    return ""
  end
  local c = result.contents
  if type(c) == "string" then
    return c
  end
  if c.value then
    return c.value
  end
  local parts = {}
  for _, x in ipairs(c) do
    table.insert(parts, type(x) == "string" and x or x.value or "")
  end
  return table.concat(parts, "\n")
end

local function run()
  local copydesk_on_path = vim.fn.exepath("copydesk")
  local want_bin = vim.env.COPYDESK_BIN or (repo .. "/target/release/copydesk")
  ok(
    vim.fn.resolve(copydesk_on_path) == vim.fn.resolve(want_bin),
    "copydesk on PATH is the one under test (" .. want_bin .. ")",
    "exepath: " .. copydesk_on_path
  )

  -- Set up exactly as README.md says.
  local block = readme_setup_block()
  if not ok(block ~= nil, "README.md has a ```lua block under ## Editors / ### Neovim") then
    return finish(1)
  end
  local chunk, err = loadstring(block, "README.md Neovim block")
  if not ok(chunk ~= nil, "README block compiles", err) then
    return finish(1)
  end
  local ran, run_err = pcall(chunk)
  if not ok(ran, "README block runs", run_err) then
    return finish(1)
  end
  local copydesk = require("copydesk")
  out("       (Neovim " .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor) .. ", strategy " .. copydesk.strategy() .. ")")

  -- 1. A Markdown draft.
  vim.cmd("edit " .. vim.fn.fnameescape(repo .. "/tests/eval/02-troops-quit.md"))
  local md = vim.api.nvim_get_current_buf()
  ok(vim.bo[md].filetype == "markdown", "02-troops-quit.md has filetype markdown", vim.bo[md].filetype)
  if not wait("copydesk attaches to the Markdown buffer", function()
    return #copydesk.clients(md) > 0
  end) then
    return finish(1)
  end
  local client = copydesk.clients(md)[1]
  ok(client.name == "copydesk", "client is named copydesk", client.name)

  wait("name-spelling diagnostic on line 5 (Tabarov)", function()
    return has_diag(md, "name-spelling", 4) ~= nil
  end)
  local d = has_diag(md, "name-spelling", 4)
  if not d then
    out("       diagnostics: " .. describe_diags(md))
    return finish(1)
  end
  local line5 = vim.api.nvim_buf_get_lines(md, 4, 5, false)[1]
  ok(line5:sub(d.col + 1, d.end_col) == "Tabarov", "the diagnostic covers 'Tabarov'", line5:sub(d.col + 1, d.end_col))
  ok(d.source == "copydesk", "diagnostic source is copydesk", d.source)
  local known = { ["name-spelling"] = true, ["unattributed-figure"] = true, contradiction = true, misquote = true }
  local all_known = true
  for _, x in ipairs(vim.diagnostic.get(md)) do
    all_known = all_known and known[diag_code(x)] == true
  end
  ok(all_known, "every diagnostic has one of copydesk's four codes", describe_diags(md))
  ok(has_diag(md, "unattributed-figure", 10) ~= nil, "unattributed-figure on line 11", describe_diags(md))

  -- 2. Hover names the source article.
  local uri = vim.uri_from_bufnr(md)
  local responses = vim.lsp.buf_request_sync(md, "textDocument/hover", {
    textDocument = { uri = uri },
    position = { line = 4, character = d.col + 2 },
  }, timeout_ms)
  local text = ""
  for _, r in pairs(responses or {}) do
    text = text .. hover_text(r.result)
  end
  local sources = corpus_files_containing("Tabalov")
  local names_source = false
  for _, s in ipairs(sources) do
    names_source = names_source or text:find(s, 1, true) ~= nil
  end
  ok(names_source, "hover links the source article (" .. table.concat(sources, ", ") .. ")", text)
  ok(text:find("](file://", 1, true) ~= nil, "the link is a file URI the editor can open", text)
  ok(not text:find(d.message, 1, true), "hover does not repeat the diagnostic's message", text)

  -- 2b. The plugin's hover (K) leads with the finding's message, in a bordered float.
  vim.api.nvim_win_set_cursor(0, { 5, d.col + 2 })
  copydesk.hover()
  local float
  wait("the plugin's hover opens a float", function()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= "" then
        float = w
        return true
      end
    end
    return false
  end)
  if float then
    local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false)
    ok(lines[1] == d.message, "the float's first line is the finding's message", vim.inspect(lines))
    ok(table.concat(lines, "\n"):find("Tabalov", 1, true) ~= nil, "then the source", vim.inspect(lines))
    local border = vim.api.nvim_win_get_config(float).border
    ok(border ~= nil and border ~= "none" and not (type(border) == "table" and #border == 0),
      "the float has a border", vim.inspect(border))
    vim.api.nvim_win_close(float, true)
  end
  local maps = vim.api.nvim_buf_get_keymap(md, "n")
  local k = false
  for _, m in ipairs(maps) do
    k = k or (m.lhs == "K" and (m.desc or ""):find("copydesk", 1, true) ~= nil)
  end
  ok(k, "K is mapped to copydesk's hover in the draft's buffer", vim.inspect(maps))

  -- 3. The quick fix gives the corpus spelling.
  local actions = vim.lsp.buf_request_sync(md, "textDocument/codeAction", {
    textDocument = { uri = uri },
    range = { start = { line = 4, character = d.col }, ["end"] = { line = 4, character = d.end_col } },
    -- The diagnostic as the server sent it (line 5 is ASCII, so byte columns
    -- are UTF-16 columns), with its `data`, as Neovim's code_action() sends it.
    context = {
      diagnostics = {
        {
          range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } },
          severity = d.severity,
          message = d.message,
          source = d.source,
          code = diag_code(d),
          data = d.user_data and d.user_data.lsp and d.user_data.lsp.data or nil,
        },
      },
    },
  }, timeout_ms)
  local fixed = false
  vim.bo[md].readonly = false -- the eval drafts are read-only files; the edit is never written
  for _, r in pairs(actions or {}) do
    for _, a in ipairs(r.result or {}) do
      if not fixed and a.edit then
        vim.lsp.util.apply_workspace_edit(a.edit, "utf-16")
        local l = vim.api.nvim_buf_get_lines(md, 4, 5, false)[1]
        if l:find("Alexei Tabalov", 1, true) and not l:find("Tabarov", 1, true) then
          fixed = true
        else
          vim.cmd("silent undo")
        end
      end
    end
  end
  ok(fixed, "a code action rewrites Tabarov to Tabalov", vim.inspect(actions))
  if fixed then
    vim.cmd("silent undo")
  end

  -- 4. A plain-text draft (filetype "text") is checked by the same server.
  vim.cmd("edit " .. vim.fn.fnameescape(repo .. "/tests/eval/04-kremlin-brief.txt"))
  local txt = vim.api.nvim_get_current_buf()
  ok(vim.bo[txt].filetype == "text", "04-kremlin-brief.txt has filetype text", vim.bo[txt].filetype)
  wait("copydesk attaches to the text buffer", function()
    return #copydesk.clients(txt) > 0
  end)
  wait("name-spelling diagnostic on line 3 (Dmitri Peskov) of the .txt draft", function()
    return has_diag(txt, "name-spelling", 2) ~= nil
  end)
  ok(#copydesk.clients() == 1, "one server serves both drafts", #copydesk.clients())

  -- 5. Settings reach the running server and show without an edit (on
  -- 0.10+ through client.settings and a pull of the diagnostics).
  local tick = vim.api.nvim_buf_get_changedtick(md)
  copydesk.update_settings({ disabledCodes = { "name-spelling" } })
  wait("disabling name-spelling removes it, without an edit", function()
    return #vim.diagnostic.get(md) > 0 and has_diag(md, "name-spelling", 4) == nil
  end)
  local c1 = copydesk.clients(md)[1]
  if c1 and vim.fn.has("nvim-0.10") == 1 then
    ok(c1.settings and c1.settings.copydesk and vim.tbl_contains(c1.settings.copydesk.disabledCodes or {}, "name-spelling"),
      "client.settings (what 0.10+ answers workspace/configuration from) holds the new settings", vim.inspect(c1.settings))
  end
  copydesk.update_settings({})
  wait("clearing disabledCodes brings name-spelling back, without an edit", function()
    return has_diag(md, "name-spelling", 4) ~= nil
  end)
  ok(vim.api.nvim_buf_get_changedtick(md) == tick, "no edit was made to the buffer meanwhile")

  -- 6. setup() settings reach a (re)started server.
  local old_id = copydesk.clients(md)[1].id
  copydesk.setup({ settings = { severity = { ["name-spelling"] = "hint" } } })
  vim.cmd("CopydeskRestart")
  wait("after :CopydeskRestart a new copydesk client is attached to both drafts", function()
    local a, b = copydesk.clients(md)[1], copydesk.clients(txt)[1]
    return a ~= nil and b ~= nil and a.id ~= old_id and a.id == b.id
  end)
  wait("after setup() + :CopydeskRestart, name-spelling is back as a hint", function()
    return has_diag(md, "name-spelling", 4, function(x)
      return x.severity == vim.diagnostic.severity.HINT
    end) ~= nil
  end)
  if vim.env.COPYDESK_TEST_DEBUG then
    local c = copydesk.clients(md)[1]
    out("DEBUG diags: " .. describe_diags(md))
    out("DEBUG init_options: " .. vim.inspect(c.config.init_options) .. " settings: " .. vim.inspect(c.settings or c.config.settings))
  end
  ok(#copydesk.clients() == 1, "one copydesk client after the restart", #copydesk.clients())

  -- 7. Neovim logs each line of a server's stderr as [ERROR]: a normal
  -- session writes none (log lines go to window/logMessage).
  local log_lines = vim.fn.filereadable(vim.lsp.get_log_path()) == 1 and vim.fn.readfile(vim.lsp.get_log_path()) or {}
  local stderr_lines = {}
  for _, l in ipairs(log_lines) do
    if l:find('"stderr"', 1, true) and l:find("copydesk", 1, true) then
      table.insert(stderr_lines, l)
    end
  end
  ok(#stderr_lines == 0, "nothing from copydesk's stderr in Neovim's LSP log", table.concat(stderr_lines, "\n"))

  finish(failures == 0 and 0 or 1)
end

vim.api.nvim_create_autocmd("VimEnter", {
  once = true,
  callback = function()
    -- Outside the autocommand, so :edit fires BufRead/FileType as for a user.
    vim.schedule(function()
      local success, err = pcall(run)
      if not success then
        out("FAILED error: " .. tostring(err))
        finish(1)
      end
    end)
  end,
})
