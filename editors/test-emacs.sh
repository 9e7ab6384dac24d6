#!/usr/bin/env bash
# Emacs + Eglot against the real server, in batch mode: opens the example note with the setup
# that editors/README.md gives, waits for the server, asks for hover on "Laos" and checks the
# text, asks for the definitions of a name (what M-. offers) and checks the first one, and
# checks that eglot-workspace-configuration reached the server (a severity setting shows on a
# diagnostic).
#
#   editors/test-emacs.sh
#
# Skips (exit 0) when Emacs or Eglot is missing. Environment: EMACS (default: emacs on PATH),
# DOSSIER_BIN (default: target/debug/dossier, built when missing).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
emacs="${EMACS:-emacs}"

if ! command -v "$emacs" >/dev/null 2>&1; then
  echo "SKIPPED: emacs not installed"
  exit 0
fi
# Eglot: built in from Emacs 29, Debian's elpa-eglot for Emacs 28.
probe='(progn (package-initialize) (require (quote eglot)))'
if ! "$emacs" --batch --eval "$probe" >/dev/null 2>&1; then
  echo "SKIPPED: eglot not available (Emacs 29+, or apt-get install elpa-eglot)"
  exit 0
fi

if [ -z "${DOSSIER_BIN:-}" ]; then
  DOSSIER_BIN="$root/target/debug/dossier"
  [ -x "$DOSSIER_BIN" ] || (cd "$root" && cargo build --quiet)
fi
export DOSSIER_BIN

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -R "$root/examples/laos-cooperation" "$tmp/workspace"
# Settings as editors/README.md suggests: a .dir-locals.el at the workspace root.
cat >"$tmp/workspace/.dir-locals.el" <<'EOF'
((nil . ((eglot-workspace-configuration
          . (:dossier (:severity (:date-mismatch "error")))))))
EOF
export HOME="$tmp/home" # nothing of the user's Emacs in, nothing written out
mkdir -p "$HOME"

cat >"$tmp/test.el" <<'EOF'
;;; The setup of editors/README.md, then the checks.
(package-initialize)
(require 'eglot)
(require 'markdown-mode nil t)          ; Debian: elpa-markdown-mode; else text-mode

;; editors/README.md, Emacs section, as it stands there.
(add-to-list 'eglot-server-programs
             `((markdown-mode text-mode) . (,(getenv "DOSSIER_BIN") "lsp")))
(defun dossier-project (dir)
  "The Dossier workspace (dossier.toml or corpus/) around DIR, as a project."
  (let ((root (or (locate-dominating-file dir "dossier.toml")
                  (locate-dominating-file dir "corpus"))))
    (and root (cons 'transient root))))
(add-hook 'project-find-functions #'dossier-project)
(add-hook 'text-mode-hook               ; markdown-mode derives from text-mode
          (lambda ()
            (when (and buffer-file-name (dossier-project default-directory))
              (eglot-ensure))))

(defvar test-start (float-time))
(defun test-log (fmt &rest args)
  (message "[emacs %4.1fs] %s" (- (float-time) test-start) (apply #'format fmt args)))
(defun test-fail (fmt &rest args)
  (test-log "FAIL: %s" (apply #'format fmt args))
  (kill-emacs 1))
(defun test-wait (what pred &optional seconds)
  "Wait up to SECONDS (30) for PRED, letting the server's output in meanwhile."
  (let ((deadline (+ (float-time) (or seconds 30))))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    (or (funcall pred) (test-fail "timed out waiting for %s" what))))

(condition-case err
    (progn
      (find-file "notes/cooperation-brief.md")
      (unless (derived-mode-p 'markdown-mode) (text-mode))
      (test-log "Emacs %s, Eglot %s, %s" emacs-version
                (let ((p (cadr (assq (quote eglot) package-alist))))
                  (if p (package-version-join (package-desc-version p)) "built in")) major-mode)
      ;; eglot-ensure connects after the next command; batch mode has no command loop.
      (run-hooks 'post-command-hook)
      (test-wait "Eglot to manage the note" #'eglot-managed-p)
      (test-log "connected, project root %s" (project-root (eglot--project (eglot-current-server))))
      ;; Hover at "Laos": the server answers once the corpus is indexed.
      (goto-char (point-min))
      (search-forward "notes on Laos")
      (backward-char 2)
      (let (text)
        (test-wait "a hover on Laos"
                   (lambda ()
                     (let ((h (jsonrpc-request (eglot-current-server) :textDocument/hover
                                               (eglot--TextDocumentPositionParams))))
                       (setq text (and h (plist-get (plist-get h :contents) :value)))
                       (or text (progn (sleep-for 0.2) nil)))))
        (unless (string-match-p (regexp-quote "**Laos** \u00b7 country") text)
          (test-fail "the hover on Laos says:\n%s" text))
        (test-log "hover on Laos: %s" (car (split-string text "\n"))))
      ;; Go to definition (M-.): the first location is the first mention in the first article.
      (goto-char (point-min))
      (search-forward "Vilay Lakhamphong")
      (backward-char 4)
      (let* ((defs (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot)))
             (loc (and defs (xref-item-location (car defs))))
             (file (and loc (xref-location-group loc)))
             (line (and loc (xref-location-line loc))))
        (unless (and file (string-suffix-p "002_9d85ca025dc7a69f.txt" file) (eql line 22))
          (test-fail "definition of Vilay Lakhamphong: %s line %s" file line))
        (test-log "definition: %s:%d, first of %d" (file-name-nondirectory file) line
                  (length defs)))
      ;; Diagnostics reach Flymake; the date-mismatch one is an error, as the setting says.
      (let (diag)
        (test-wait "a date-mismatch diagnostic"
                   (lambda ()
                     (setq diag (seq-find (lambda (d) (string-match-p "date-mismatch"
                                                                     (flymake-diagnostic-text d)))
                                          (flymake-diagnostics)))))
        (test-log "%d diagnostics; %s: %s" (length (flymake-diagnostics))
                  (flymake-diagnostic-type diag) (flymake-diagnostic-text diag))
        (unless (eq (flymake-diagnostic-type diag) 'eglot-error)
          (test-fail "date-mismatch is %s, the setting says error" (flymake-diagnostic-type diag))))
      (test-log "PASS")
      (kill-emacs 0))
  (error (test-fail "%s" (error-message-string err))))
EOF

echo "--- emacs e2e"
start=$SECONDS
if (cd "$tmp/workspace" && timeout -k 5 60 "$emacs" --batch -l "$tmp/test.el" </dev/null); then
  echo "--- ok ($((SECONDS - start)) s)"
  echo "emacs-e2e: 1 passed, 0 failed"
else
  code=$?
  [ "$code" = 124 ] && echo "Emacs did not exit within 60 s" >&2
  echo "--- FAILED (exit $code, $((SECONDS - start)) s)" >&2
  echo "emacs-e2e: 0 passed, 1 failed"
  exit 1
fi
