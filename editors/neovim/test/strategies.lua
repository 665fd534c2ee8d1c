-- Checks what the plugin hands to the newer Neovim APIs, on whatever Neovim
-- runs it, by standing in for them:
--   0.11+     vim.lsp.config() / vim.lsp.enable() (and lsp/copydesk.lua)
--   0.8–0.10  vim.lsp.start()
-- (test/init.lua runs the real thing end to end on the installed Neovim.)
--
--   PATH="$PWD/target/release:$PATH" nvim --headless --clean -u editors/neovim/test/strategies.lua
--
-- Exits 0 on success, 1 on any failure.

local script = debug.getinfo(1, "S").source:sub(2)
local plugin_dir = vim.fn.fnamemodify(script, ":p:h:h")
local repo = vim.fn.fnamemodify(plugin_dir, ":h:h")

vim.opt.runtimepath = { plugin_dir, vim.env.VIMRUNTIME }
vim.opt.packpath = { vim.env.VIMRUNTIME } -- only Neovim's own packages (0.11 loads netrw from there)
vim.opt.swapfile = false
vim.opt.hidden = true

local failures = 0
local function ok(cond, what, detail)
  io.stdout:write((cond and "ok     " or "FAILED ") .. what .. ((not cond and detail) and ("\n       " .. vim.inspect(detail)) or "") .. "\n")
  if not cond then
    failures = failures + 1
  end
end

local function fresh()
  package.loaded["copydesk"] = nil
  return require("copydesk")
end

local real = { config = vim.lsp.config, enable = vim.lsp.enable, start = vim.lsp.start }
local defaults_cmd = { "copydesk", "lsp" }
local defaults_ft = { "markdown", "text" }

local function run()
  -- 0.11+ -------------------------------------------------------------------
  local configured, enabled = {}, {}
  vim.lsp.config = setmetatable({}, {
    -- As 0.11's: calling deep-merges into the configuration, assigning replaces it.
    __call = function(_, name, cfg)
      configured[name] = vim.tbl_deep_extend("force", configured[name] or {}, cfg)
    end,
    __newindex = function(_, name, cfg)
      configured[name] = cfg
    end,
  })
  vim.lsp.enable = function(name)
    table.insert(enabled, name)
  end
  local cd = fresh()
  ok(cd.strategy() == "enable", "with vim.lsp.config and vim.lsp.enable, the plugin uses them", cd.strategy())
  cd.setup({ settings = { disabledCodes = { "misquote" }, severity = { ["name-spelling"] = "error" } } })
  local c = configured.copydesk or {}
  ok(vim.deep_equal(c.cmd, defaults_cmd), "vim.lsp.config('copydesk') gets cmd copydesk lsp", c.cmd)
  ok(vim.deep_equal(c.filetypes, defaults_ft), "... filetypes markdown and text", c.filetypes)
  ok(type(c.root_markers) == "table" and vim.tbl_contains(c.root_markers, ".copydesk.toml"), "... root_markers with .copydesk.toml", c.root_markers)
  ok(c.init_options and c.init_options.copydesk and c.init_options.copydesk.disabledCodes[1] == "misquote", "... init_options under copydesk", c.init_options)
  ok(c.settings and c.settings.copydesk and c.settings.copydesk.severity["name-spelling"] == "error", "... settings under copydesk", c.settings)
  ok(vim.deep_equal(enabled, { "copydesk" }), "vim.lsp.enable('copydesk') is called", enabled)

  local file_cfg = dofile(plugin_dir .. "/lsp/copydesk.lua")
  ok(file_cfg.name == "copydesk" and vim.deep_equal(file_cfg.cmd, defaults_cmd) and vim.deep_equal(file_cfg.filetypes, defaults_ft),
    "lsp/copydesk.lua gives the same name, cmd and filetypes", file_cfg)

  cd.update_settings({ disabledCodes = { "contradiction" }, severity = { ["name-spelling"] = "error" } })
  c = configured.copydesk
  ok(c.init_options.copydesk.disabledCodes[1] == "contradiction", "update_settings() updates vim.lsp.config for new clients", c.init_options)
  cd.update_settings({ severity = { ["name-spelling"] = "error" } })
  c = configured.copydesk
  ok(c.init_options.copydesk.disabledCodes == nil and c.settings.copydesk.disabledCodes == nil,
    "... and a setting it clears is gone from it (replaced, not merged)", c)
  cd.setup({})
  c = configured.copydesk
  ok(c.init_options == nil and c.settings == nil and vim.deep_equal(c.cmd, defaults_cmd), "setup({}) again drops the earlier settings", c)

  -- 0.8–0.10 ----------------------------------------------------------------
  vim.lsp.config, vim.lsp.enable = nil, nil
  local started = {}
  vim.lsp.start = function(cfg, opts)
    table.insert(started, { cfg = cfg, opts = opts or {}, current = vim.api.nvim_get_current_buf() })
    return 1
  end
  cd = fresh()
  ok(cd.strategy() == "start", "with vim.lsp.start only, the plugin uses it", cd.strategy())

  vim.cmd("edit " .. vim.fn.fnameescape(repo .. "/tests/eval/02-troops-quit.md"))
  local md = vim.api.nvim_get_current_buf()
  vim.cmd("edit " .. vim.fn.fnameescape(repo .. "/tests/eval/04-kremlin-brief.txt"))
  local txt = vim.api.nvim_get_current_buf()
  cd.setup({})
  ok(#started == 2, "setup() starts copydesk for the Markdown and text buffers already open", #started)
  local expected_root = vim.loop.fs_stat(repo .. "/.git") and repo or (repo .. "/tests/eval")
  for _, s in ipairs(started) do
    local b = s.opts.bufnr
    local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(b or 0), ":t")
    ok(b == md or b == txt, name .. ": vim.lsp.start gets the buffer", s.opts)
    ok(s.current == b, name .. ": ... with that buffer current (0.8.0 ignores opts.bufnr)", { current = s.current, bufnr = b })
    ok(s.cfg.name == "copydesk" and vim.deep_equal(s.cfg.cmd, defaults_cmd), name .. ": ... name copydesk, cmd copydesk lsp", s.cfg)
    ok(s.cfg.root_dir == expected_root, name .. ": ... root_dir " .. expected_root, s.cfg.root_dir)
  end

  vim.cmd("edit " .. vim.fn.fnameescape(repo .. "/tests/eval/05-wagner-colonies.md"))
  ok(#started == 3 and started[3].opts.bufnr == vim.api.nvim_get_current_buf(), "opening another Markdown draft starts it via FileType", #started)
  vim.cmd("edit " .. vim.fn.fnameescape(repo .. "/editors/helix/languages.toml"))
  ok(#started == 3, "a TOML file does not start it", #started)
end

-- After startup (filetype detection is on) and outside any autocommand.
vim.api.nvim_create_autocmd("VimEnter", {
  once = true,
  callback = function()
    vim.schedule(function()
      local success, err = pcall(run)
      vim.lsp.config, vim.lsp.enable, vim.lsp.start = real.config, real.enable, real.start
      if not success then
        ok(false, "error: " .. tostring(err))
      end
      io.stdout:flush()
      vim.cmd(failures == 0 and "qall!" or "cquit 1")
    end)
  end,
})
