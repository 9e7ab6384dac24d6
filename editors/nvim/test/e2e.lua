-- End-to-end test of the Neovim plugin against the real server, run by test/run.sh:
--   nvim --headless -u NONE --cmd "set rtp^=editors/nvim" -c "luafile test/e2e.lua"
-- in a copy of examples/laos-cooperation. Environment: DOSSIER_BIN (the server binary) and,
-- optionally, DOSSIER_NVIM_API = start | start_client to hide the newer Neovim APIs from the
-- plugin so that its code path for older versions runs on a newer Neovim.
-- Exits 0 when everything holds (:qa!), 1 with a message on stderr otherwise (:cq).

local started = (vim.uv or vim.loop).now()
local DEADLINE_MS = 50000 -- run.sh kills Neovim at 60 s; fail with a message before that

local function log(msg)
  io.stderr:write(("[e2e %5.1fs] %s\n"):format(((vim.uv or vim.loop).now() - started) / 1000, msg))
end

local function fail(msg)
  error({ e2e = msg }, 0)
end

local function check(cond, msg)
  if not cond then
    fail(msg)
  end
end

-- Waits for cond() without blocking the event loop (the LSP client runs meanwhile).
local function wait_for(what, cond, timeout_ms)
  local left = DEADLINE_MS - ((vim.uv or vim.loop).now() - started)
  local ok = vim.wait(math.max(0, math.min(timeout_ms or 30000, left)), cond, 50)
  check(ok, "timed out waiting for " .. what)
end

-- The clients attached to a buffer, as a list (vim.lsp.get_clients is 0.10+).
local function clients_of(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local function position_of(bufnr, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return i, col - 1 -- (1-based line, 0-based byte column), as nvim_win_set_cursor wants
    end
  end
  fail(("%q not found in %s"):format(needle, vim.api.nvim_buf_get_name(bufnr)))
end

-- One request to the dossier client at the cursor; returns its result.
local function request_at_cursor(client, method)
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local responses = vim.lsp.buf_request_sync(0, method, params, 10000)
  check(responses, method .. ": no answer within 10 s")
  local r = responses[client.id]
  check(r, method .. ": no answer from the dossier client")
  check(not r.err, method .. " failed: " .. vim.inspect(r.err))
  return r.result
end

local function run()
  local bin = os.getenv("DOSSIER_BIN")
  check(bin and bin ~= "", "DOSSIER_BIN is not set")

  -- Which Neovim API the plugin gets to see (see the header).
  local api = os.getenv("DOSSIER_NVIM_API") or ""
  if api == "start" or api == "start_client" then
    vim.lsp.config, vim.lsp.enable = nil, nil
  end
  if api == "start_client" then
    vim.lsp.start = nil
  end
  local v = vim.version()
  log(("Neovim %d.%d.%d, API %s"):format(v.major, v.minor, v.patch, api ~= "" and api or "auto"))

  -- Record what Neovim answers to the server's workspace/configuration request and the
  -- server's log messages, through the default handlers (which stay in charge).
  local config_answers, messages = {}, {}
  local default_config = vim.lsp.handlers["workspace/configuration"]
  vim.lsp.handlers["workspace/configuration"] = function(err, result, ctx, config)
    local answer = default_config(err, result, ctx, config)
    table.insert(config_answers, answer)
    return answer
  end
  local default_log = vim.lsp.handlers["window/logMessage"]
  vim.lsp.handlers["window/logMessage"] = function(err, result, ctx, config)
    table.insert(messages, result.message)
    return default_log(err, result, ctx, config)
  end

  vim.cmd("filetype on") -- -u NONE leaves it off; a user's config has it on
  vim.cmd("edit notes/cooperation-brief.md")
  local note = vim.api.nvim_get_current_buf()
  check(vim.bo[note].filetype == "markdown", "the note's filetype is " .. vim.bo[note].filetype)

  -- setup() after the note is open, as with lazy loading: the open buffer must be attached.
  -- The severity setting is there to see settings reach the server.
  -- :DossierReport opens its page through open_report: recorded here, no browser.
  local opened = {}
  require("dossier").setup({
    cmd = { bin, "lsp", "--log-level", "info" },
    settings = { severity = { ["date-mismatch"] = "error" } },
    open_report = function(path)
      table.insert(opened, path)
    end,
  })

  local client
  wait_for("the client to attach to the note (did the server start and initialize?)", function()
    for _, c in ipairs(clients_of(note)) do
      if c.name == "dossier" then
        client = c
      end
    end
    return client ~= nil
  end)
  log(("client %d attached, root %s"):format(client.id, client.config.root_dir))
  local cwd = vim.fn.resolve(vim.fn.getcwd())
  check(vim.fn.resolve(client.config.root_dir) == cwd, "root_dir is not the workspace " .. cwd)

  wait_for("the server to index the corpus (window/logMessage)", function()
    for _, m in ipairs(messages) do
      if m:find("indexed 5 articles", 1, true) then
        return true
      end
    end
  end)
  log("server: " .. vim.tbl_filter(function(m)
    return m:find("indexed", 1, true)
  end, messages)[1])

  -- Settings: Neovim's own handler answered the server's workspace/configuration request.
  check(#config_answers > 0, "the server never asked for workspace/configuration")
  local section = config_answers[1][1]
  check(
    type(section) == "table" and section.severity and section.severity["date-mismatch"] == "error",
    "workspace/configuration was answered with " .. vim.inspect(config_answers[1])
  )
  log("workspace/configuration answered " .. vim.inspect(section, { newline = " ", indent = "" }))

  -- Diagnostics: pushed (or pulled) once the corpus is indexed.
  local diags
  wait_for("diagnostics on the note", function()
    diags = vim.diagnostic.get(note)
    return #diags > 0
  end)
  local function code(d) -- 0.7 keeps the LSP code under user_data too
    return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  end
  local date
  for _, d in ipairs(diags) do
    if code(d) == "date-mismatch" then
      date = date or d
    end
  end
  local codes = vim.tbl_map(code, diags)
  log(("%d diagnostics: %s"):format(#diags, table.concat(codes, ", ")))
  check(date, "no date-mismatch among the diagnostics")
  check(
    date.severity == vim.diagnostic.severity.ERROR,
    "date-mismatch has severity " .. tostring(date.severity) .. ", the setting says error"
  )
  log(("date-mismatch on line %d: %s"):format(date.lnum + 1, date.message))

  -- Hover on "Laos" in running text.
  local line, col = position_of(note, "notes on Laos")
  vim.api.nvim_win_set_cursor(0, { line, col + #"notes on " })
  local hover = request_at_cursor(client, "textDocument/hover")
  check(hover and hover.contents, "no hover on Laos")
  local text = hover.contents.value or vim.inspect(hover.contents) -- MarkupContent, else as is
  check(text:find("**Laos** · country", 1, true), "the hover on Laos says:\n" .. text)
  log("hover on Laos: " .. text:match("[^\n]*"))

  -- Go to definition on a person: the first mention in the first article that has one.
  line, col = position_of(note, "Vilay Lakhamphong")
  vim.api.nvim_win_set_cursor(0, { line, col + 2 })
  local locations = request_at_cursor(client, "textDocument/definition")
  check(locations and #locations > 0, "no definition for Vilay Lakhamphong")
  local target = locations[1]
  if vim.lsp.util.show_document then -- 0.10+; jump_to_location is deprecated there
    vim.lsp.util.show_document(target, client.offset_encoding, { focus = true })
  else
    vim.lsp.util.jump_to_location(target, client.offset_encoding)
  end
  local name = vim.api.nvim_buf_get_name(0)
  local cursor = vim.api.nvim_win_get_cursor(0)
  local article = "002_9d85ca025dc7a69f.txt"
  check(name:sub(-#article) == article, "definition jumped to " .. name)
  check(cursor[1] == 22, ("definition jumped to line %d, not 22"):format(cursor[1]))
  local here = vim.api.nvim_get_current_line():sub(cursor[2] + 1)
  check(here:find("^Vilay Lakhamphong"), "the cursor is not on the name: " .. here)
  log(("definition: %s:%d:%d, first of %d"):format(article, cursor[1], cursor[2] + 1, #locations))

  -- The corpus article is a text buffer in the workspace: the same client attaches to it.
  wait_for("the client to attach to the article", function()
    return vim.tbl_contains(vim.tbl_map(function(c)
      return c.id
    end, clients_of(0)), client.id)
  end, 10000)
  log("client attached to the article too")

  -- :DossierReport: `dossier report` into Neovim's cache folder, in the background; the page it
  -- printed last goes to open_report. Errors are one notification at ERROR.
  local notified = {}
  local notify = vim.notify
  vim.notify = function(msg, level, o)
    table.insert(notified, { msg = msg, level = level })
    return notify(msg, level, o)
  end
  local function files_of_workspace()
    local files = vim.fn.glob(cwd .. "/**", true, true)
    return vim.tbl_map(function(f)
      local st = (vim.uv or vim.loop).fs_stat(f)
      return f .. " " .. (st and (st.mtime.sec .. "." .. st.mtime.nsec .. " " .. st.size) or "gone")
    end, files)
  end
  local before = files_of_workspace()
  local dir = vim.fn.stdpath("cache") .. "/dossier-report/"
  local function report(arg, want)
    local n = #opened
    vim.cmd("DossierReport" .. (arg and (" " .. arg) or ""))
    wait_for(":DossierReport " .. (arg or "") .. " to open a page", function()
      return #opened > n
    end, 20000)
    local page = opened[#opened]
    check(page:sub(1, #dir) == dir, "the report is not under " .. dir .. ": " .. page)
    check(page:sub(-#want) == want, ("the page opened is %s, not .../%s"):format(page, want))
    check(vim.fn.filereadable(page) == 1, "no such page: " .. page)
    log((":DossierReport%s opened %s"):format(arg and (" " .. arg) or "", page:sub(#dir + 1)))
    return page
  end
  local index = report(nil, "/index.html")
  check(vim.fn.readfile(index)[1] ~= nil, "the overview is empty")
  local laos = report("country:laos", "/entities/country-laos.html")
  check(vim.fn.fnamemodify(laos, ":h:h") == vim.fn.fnamemodify(index, ":h"), "two report folders: " .. laos)
  check(table.concat(vim.fn.readfile(laos), "\n"):find("Laos", 1, true), "Laos's page does not name Laos")
  -- a name with a space is one argument
  report("Vilay Lakhamphong", "/entities/person-vilay-lakhamphong.html")
  -- an entity the corpus does not have: the server's one-line error, nothing opened
  local n, m = #opened, #notified
  vim.cmd("DossierReport Atlantis")
  local err
  wait_for("the error of :DossierReport Atlantis", function()
    for i = m + 1, #notified do
      if notified[i].level == vim.log.levels.ERROR then
        err = notified[i].msg
      end
    end
    return err ~= nil
  end, 20000)
  check(err == 'dossier: no entity named "Atlantis" in the corpus', "the error is: " .. err)
  check(#opened == n, "a page was opened for Atlantis: " .. tostring(opened[#opened]))
  log(":DossierReport Atlantis: " .. err)
  check(vim.deep_equal(files_of_workspace(), before), "the report wrote into the workspace")
  vim.notify = notify
end

-- Scheduled, so that it runs once Neovim has started (as a lazily loaded plugin would): a -c
-- command runs before VimEnter, and before VimEnter 0.11's vim.lsp.enable leaves the buffers
-- already open alone, expecting to see their FileType event still to come.
vim.schedule(function()
  local ok, err = xpcall(run, function(e)
    return type(e) == "table" and e.e2e or debug.traceback(tostring(e), 2)
  end)
  if ok then
    log("PASS")
    vim.cmd("qa!")
  else
    log("FAIL: " .. tostring(err))
    vim.cmd("cq")
  end
end)
