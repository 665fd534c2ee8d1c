-- With the server not installed, opening a draft must tell the user so (on
-- 0.11+ Neovim itself only logs it), with README's install instructions.
--
--   nvim --headless --clean -u editors/neovim/test/missing.lua
--
-- Exits 0 on success, 1 on failure.

local script = debug.getinfo(1, "S").source:sub(2)
local plugin_dir = vim.fn.fnamemodify(script, ":p:h:h")
local repo = vim.fn.fnamemodify(plugin_dir, ":h:h")

vim.opt.runtimepath = { plugin_dir, vim.env.VIMRUNTIME }
vim.opt.packpath = { vim.env.VIMRUNTIME } -- only Neovim's own packages (0.11 loads netrw from there)
vim.opt.swapfile = false
vim.opt.hidden = true

local failures = 0
local function ok(cond, what, detail)
  io.stdout:write((cond and "ok     " or "FAILED ") .. what .. ((not cond and detail) and ("\n       " .. tostring(detail)) or "") .. "\n")
  if not cond then
    failures = failures + 1
  end
end

local messages = {}
vim.notify = function(msg, level)
  table.insert(messages, { msg = msg, level = level })
end

local function run()
  -- README's own install command, so the message and README cannot drift apart.
  local readme = table.concat(vim.fn.readfile(repo .. "/README.md"), "\n")
  local install = readme:match("\n(cargo install [^\n]-)\n")
  ok(install ~= nil, "README.md gives a `cargo install` command", nil)

  require("copydesk").setup({ cmd = { "copydesk-not-installed-here", "lsp" } })
  vim.cmd("edit " .. vim.fn.fnameescape(repo .. "/tests/eval/02-troops-quit.md"))
  vim.wait(3000, function()
    return #messages > 0
  end, 50)
  local m = messages[1] or { msg = "" }
  ok(#messages == 1, "exactly one message about the missing server", vim.inspect(messages))
  ok(m.msg:find("copydesk-not-installed-here", 1, true) ~= nil, "the message names the command", m.msg)
  ok(m.level == vim.log.levels.ERROR, "the message is an error", m.level)
  ok(install ~= nil and m.msg:find(install, 1, true) ~= nil, "the message gives README's install command (" .. tostring(install) .. ")", m.msg)
  vim.cmd("edit " .. vim.fn.fnameescape(repo .. "/tests/eval/04-kremlin-brief.txt"))
  vim.wait(300)
  ok(#messages == 1, "a second draft does not repeat it", vim.inspect(messages))
  ok(#require("copydesk").clients() == 0, "no client runs")
  io.stdout:flush()
  vim.cmd(failures == 0 and "qall!" or "cquit 1")
end

vim.api.nvim_create_autocmd("VimEnter", {
  once = true,
  callback = function()
    vim.schedule(function()
      local success, err = pcall(run)
      if not success then
        io.stdout:write("FAILED error: " .. tostring(err) .. "\n")
        vim.cmd("cquit 1")
      end
    end)
  end,
})
