-- Dossier for Neovim: runs `dossier lsp` for Markdown notes and plain-text articles that sit in
-- a Dossier workspace (a folder with a `dossier.toml` or a `corpus/` folder).
--
--   require("dossier").setup({
--     cmd = { "dossier", "lsp" },                                  -- the default
--     settings = { severity = { ["name-variant"] = "warning" } },  -- the `dossier` section
--     capabilities = nil,             -- extra client capabilities, e.g. from nvim-cmp
--     open_report = nil,              -- function(path): opens a report page (default: browser)
--   })
--
-- :DossierReport [entity] writes the static HTML report (`dossier report`) into Neovim's cache
-- folder and opens its overview, or the entity's page (an id such as country:laos, or a name).
--
-- Works on Neovim 0.7 and later; see editors/README.md.

local M = {}

local filetypes = { "markdown", "text" }
local uv = vim.uv or vim.loop

--- The workspace of a file: the nearest folder, from the file's own upward, that holds
--- `dossier.toml` or a `corpus/` folder (nearest wins, as with lspconfig's root patterns).
--- Written out rather than vim.fs.find, which Neovim 0.7 does not have.
function M.root_dir(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while true do
    if uv.fs_stat(dir .. "/dossier.toml") then
      return dir
    end
    local corpus = uv.fs_stat(dir .. "/corpus")
    if corpus and corpus.type == "directory" then
      return dir
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

-- Only real files: no scratch buffers, no hover windows (Markdown too), no `oil://` and the like.
local function buffer_root(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or vim.bo[bufnr].buftype ~= "" or name:find("://", 1, true) then
    return nil
  end
  return M.root_dir(name)
end

-- Neovim 0.10 and 0.11 pull diagnostics (textDocument/diagnostic) when a buffer is opened or
-- changed, but have no handler for workspace/diagnostic/refresh, which the server sends once
-- the corpus is indexed: a note opened before that would show no diagnostics until edited.
local function refresh_diagnostics(_, _, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  for bufnr in pairs(client and client.attached_buffers or {}) do
    local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
    vim.lsp.buf_request(bufnr, "textDocument/diagnostic", params)
  end
  return vim.NIL
end

-- `native`: Neovim 0.11+, where vim.lsp.config and vim.lsp.enable do the work.
local function client_config(opts, native)
  local settings = opts.settings or {}
  settings = settings.dossier or settings -- `{ dossier = {...} }` is accepted too

  local defaults = vim.lsp.protocol.make_client_capabilities()
  -- Neovim 0.7 answers workspace/configuration but does not say so, and the server asks only
  -- clients that say so.
  local extra = { workspace = { configuration = true } }
  local handlers = {}
  if defaults.textDocument.diagnostic and not vim.lsp.handlers["workspace/diagnostic/refresh"] then
    handlers["workspace/diagnostic/refresh"] = refresh_diagnostics
    extra.workspace.diagnostics = { refreshSupport = true }
  end
  -- `opts.capabilities` (from a completion plugin, say) go on top. 0.11 adds Neovim's defaults,
  -- and what was given to vim.lsp.config("*"), by itself; older versions need the whole table.
  local base = native and {} or defaults
  local capabilities = vim.tbl_deep_extend("force", base, opts.capabilities or {}, extra)

  return {
    name = "dossier",
    cmd = opts.cmd or { "dossier", "lsp" },
    capabilities = capabilities,
    handlers = handlers,
    -- The server asks for section `dossier` with workspace/configuration, and Neovim's own
    -- handler answers from `settings` (on 0.7 too). An empty Lua table would go out as a JSON
    -- array, which is no settings object, so without settings the section is left out (null).
    settings = next(settings) and { dossier = settings } or {},
  }
end

-- Neovim 0.7 has no vim.lsp.start: one client per workspace root, kept here.
local clients = {}

-- Before 0.11: start (or reuse) the workspace's client and attach the buffer to it.
local function attach(bufnr, config)
  local root = buffer_root(bufnr)
  if not root then
    return
  end
  local cfg = vim.tbl_extend("force", config, { root_dir = root })
  if vim.lsp.start then
    -- 0.8–0.10: reuses a running client with the same name and root. nvim_buf_call because
    -- 0.8's vim.lsp.start attaches the current buffer, whatever `bufnr` says.
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(cfg, { bufnr = bufnr })
    end)
    return
  end
  local client = clients[root] and vim.lsp.get_client_by_id(clients[root])
  if not client or client.is_stopped() then
    clients[root] = vim.lsp.start_client(cfg)
  end
  if clients[root] then
    vim.lsp.buf_attach_client(bufnr, clients[root])
  end
end

-- The server's semantic token types (country, place, ...) are its own, so no colour scheme
-- knows them: link them to common groups. `default` keeps a scheme's or the user's choice.
local function highlight_tokens()
  local links = {
    country = "Type",
    place = "Constant",
    organization = "Structure",
    person = "Identifier",
    agreement = "Special",
  }
  for token, group in pairs(links) do
    vim.api.nvim_set_hl(0, "@lsp.type." .. token, { link = group, default = true })
  end
end

-- What :DossierReport uses: the server binary, and the page opener (nil: the system's).
local report_opts = { bin = "dossier", open = nil }
-- The running report job and how many were asked for (only the latest one reports).
local report_job, report_asked = nil, 0

--- Opens a report page: vim.ui.open (0.10+), else xdg-open or open, detached.
local function open_page(path)
  if vim.ui.open then
    local _, err = vim.ui.open(path)
    if err then
      vim.notify("dossier: cannot open " .. path .. ": " .. err, vim.log.levels.ERROR)
    end
    return
  end
  local opener = vim.fn.has("mac") == 1 and "open" or "xdg-open"
  if vim.fn.executable(opener) == 0 then
    vim.notify(("dossier: the report is at %s (no %s to open it)"):format(path, opener), vim.log.levels.WARN)
    return
  end
  vim.fn.jobstart({ opener, path }, { detach = true })
end

--- The last non-empty line of a job's buffered output (a list of lines).
local function last_line(data)
  for i = #(data or {}), 1, -1 do
    local l = vim.trim((data[i]:gsub("\r", "")))
    if l ~= "" then
      return l
    end
  end
  return nil
end

--- The report folder of workspace `root`, in Neovim's cache: named after the workspace, so that
--- two workspaces keep one report each. Never inside the corpus or the notes.
function M.report_dir(root)
  local name = vim.fn.fnamemodify(root, ":t"):gsub("[^%w_.-]", "-")
  return ("%s/dossier-report/%s-%s"):format(vim.fn.stdpath("cache"), name, vim.fn.sha256(root):sub(1, 12))
end

-- Makes `dir`, this plugin's own report folder, one `dossier report` accepts: its parent made,
-- left-overs of a run stopped before it marked the folder removed (the server refuses a folder
-- that is not empty and holds no earlier report).
local function prepare_report_dir(dir)
  vim.fn.mkdir(vim.fn.fnamemodify(dir, ":h"), "p")
  local handle = uv.fs_scandir(dir)
  if not handle then
    return
  end
  local any, marked = false, false
  while true do
    local name = uv.fs_scandir_next(handle)
    if not name then
      break
    end
    any = true
    marked = marked or name == ".dossier-report"
  end
  if any and not marked then
    vim.fn.delete(dir, "rf")
  end
end

--- `dossier report --out <cache>/dossier-report/<workspace> [--entity <entity>]`, run in the
--- workspace of the current buffer (else of the current folder) without blocking; then opens
--- the page it printed last (the overview, or the entity's page). Errors: vim.notify, ERROR.
--- Returns the job id, or nil when nothing was started.
function M.report(entity)
  if entity ~= nil and vim.trim(entity) == "" then
    entity = nil
  end
  local root = buffer_root(0) or M.root_dir(vim.fn.getcwd() .. "/")
  if not root then
    vim.notify("dossier: no dossier.toml or corpus/ folder in the current folder or above", vim.log.levels.ERROR)
    return nil
  end
  local bin = report_opts.bin
  if vim.fn.executable(bin) == 0 then
    vim.notify(("dossier: %q is not an executable"):format(bin), vim.log.levels.ERROR)
    return nil
  end
  report_asked = report_asked + 1
  local asked = report_asked
  if report_job then -- a newer run replaces one still writing (they share the folder)
    vim.fn.jobstop(report_job)
    vim.fn.jobwait({ report_job }, 5000)
    report_job = nil
  end
  local out = M.report_dir(root)
  prepare_report_dir(out)
  local argv = { bin, "report", "--out", out }
  if entity then
    vim.list_extend(argv, { "--entity", vim.trim(entity) })
  end
  local stdout, stderr, code
  local function finish()
    if stdout == nil or stderr == nil or code == nil or asked ~= report_asked then
      return
    end
    report_job = nil
    if code ~= 0 then
      local why = last_line(stderr) or ("dossier report failed with exit code " .. code)
      vim.notify(why, vim.log.levels.ERROR)
      return
    end
    local page = last_line(stdout)
    if not page or vim.fn.filereadable(page) == 0 then
      vim.notify(("dossier report printed %s, which is no file"):format(page or "no page to open"), vim.log.levels.ERROR)
      return
    end
    local open = report_opts.open or open_page
    open(page)
  end
  local ok, job = pcall(vim.fn.jobstart, argv, {
    cwd = root,
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data)
      stdout = data
      finish()
    end,
    on_stderr = function(_, data)
      stderr = data
      finish()
    end,
    on_exit = function(_, c)
      code = c
      finish()
    end,
  })
  if not ok or job <= 0 then
    vim.notify(("dossier: cannot run %s: %s"):format(bin, ok and "jobstart failed" or tostring(job)), vim.log.levels.ERROR)
    return nil
  end
  report_job = job
  vim.notify(("dossier: writing the report%s"):format(entity and (" on " .. vim.trim(entity)) or ""), vim.log.levels.INFO)
  return job
end

function M.setup(opts)
  opts = opts or {}
  local native = vim.lsp.config ~= nil and vim.lsp.enable ~= nil
  local config = client_config(opts, native)
  report_opts = { bin = config.cmd[1], open = opts.open_report }
  vim.api.nvim_create_user_command("DossierReport", function(args)
    M.report(args.args)
  end, { nargs = "?", desc = "Dossier: write the HTML report and open it (an entity's page with an argument)" })
  if vim.fn.executable(config.cmd[1]) == 0 then
    vim.notify(
      ("dossier: %q is not an executable; build it (cargo build --release) and put it on PATH, "
        .. "or pass setup({ cmd = { '/path/to/dossier', 'lsp' } })"):format(config.cmd[1]),
      vim.log.levels.WARN
    )
    return
  end
  if vim.fn.has("nvim-0.9") == 1 then -- semantic tokens arrived in 0.9
    highlight_tokens()
  end

  if native then
    -- 0.11+: Neovim itself starts the server for matching buffers; for those already open too,
    -- once it has started (before VimEnter it counts on their FileType event still to come).
    config.filetypes = filetypes
    config.root_dir = function(bufnr, on_dir)
      local root = buffer_root(bufnr)
      if root then -- not calling on_dir means: do not start here
        on_dir(root)
      end
    end
    vim.lsp.config("dossier", config)
    vim.lsp.enable("dossier")
    return
  end

  local group = vim.api.nvim_create_augroup("dossier", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = filetypes,
    callback = function(args)
      attach(args.buf, config)
    end,
  })
  -- setup() may run after a note was opened (lazy loading): attach those buffers now.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    local ft = vim.bo[bufnr].filetype
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(filetypes, ft) then
      attach(bufnr, config)
    end
  end
end

return M
