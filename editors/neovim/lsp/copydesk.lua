-- copydesk for Neovim 0.11+'s native configuration:
--
--   vim.lsp.enable("copydesk")
--
-- with this plugin on the runtimepath. Override any field with
-- vim.lsp.config("copydesk", { cmd = { "/path/to/copydesk", "lsp" }, settings = { copydesk = { ... } } })
-- or call require("copydesk").setup({ ... }), which does both for you.
return require("copydesk").config()
