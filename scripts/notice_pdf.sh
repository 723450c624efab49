#!/usr/bin/env bash
# See the 2018-Q4 notice draft as it prints: demo -> docx -> PDF (-> PNG of page 1).
#
#   scripts/notice_pdf.sh [OUT_DIR]          # default OUT_DIR: ./notice-demo
#
# Runs `freshwatch demo` into OUT_DIR/freshwatch-demo.db (about 30-40 s: a simulated farm of 28
# unit sites on 127.0.0.1 is crawled), writes the notice draft OUT_DIR/2018Q4-通报.docx and the
# table OUT_DIR/2018Q4.xlsx, converts the docx to PDF with LibreOffice (freshwatch/exports/pdf.py),
# and, when poppler's pdftoppm is installed, renders page 1 to OUT_DIR/2018Q4-通报-1.png.
# Needs LibreOffice and CJK fonts; on Debian:
#   apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils
# The official fonts (仿宋_GB2312, 方正小标宋简体) fall back to 仿宋/宋体/Noto CJK when missing, so
# line breaks can differ slightly from Word on an office PC.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-notice-demo}" && cd "${1:-notice-demo}" && pwd)"
python="${root}/.venv/bin/python"
[ -x "$python" ] || python="python3"
freshwatch=("$python" -m freshwatch.cli.main)
db="sqlite:///${out}/freshwatch-demo.db"

"${freshwatch[@]}" demo --db "$db" > "${out}/2018Q4.csv"
"${freshwatch[@]}" --db "$db" score --quarter 2018Q4 --format xlsx --out "${out}/2018Q4.xlsx"
"${freshwatch[@]}" --db "$db" score --quarter 2018Q4 --format docx --out "${out}/2018Q4-通报.docx"
pdf="$("$python" -c 'import sys; from freshwatch.reports.pdf import to_pdf; print(to_pdf(sys.argv[1]))' \
      "${out}/2018Q4-通报.docx")"
echo "PDF: ${pdf}" >&2
if command -v pdftoppm > /dev/null; then
  pdftoppm -r 80 -f 1 -l 1 -png "$pdf" "${out}/2018Q4-通报"
  echo "page 1: $(ls "${out}"/2018Q4-通报-*1.png)" >&2
fi
