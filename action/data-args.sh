# Sourced by the action's test and diff steps: the data options from the inputs (handed through env, never
# written into the script), as the array data_args. The PostgreSQL URL stays in SEGFORM_PG_URL, which segform
# reads itself: it is never on a command line, and it is masked in the log.
data_args=()
if [ -n "${DATA:-}" ]; then data_args+=(--data "$DATA"); fi
case "${ENGINE:-js}" in
  js | "") ;;
  duckdb) data_args+=(--engine duckdb) ;;
  postgres)
    if [ -z "${SEGFORM_PG_URL:-}" ]; then
      echo "::error title=segform::engine postgres needs the pg-url input (from a secret, e.g. secrets.SEGFORM_PG_URL)"
      exit 2
    fi
    echo "::add-mask::$SEGFORM_PG_URL"
    data_args+=(--engine postgres)
    if [ -n "${TABLE:-}" ]; then data_args+=(--table "$TABLE"); fi
    if [ -n "${ROW_COLUMN:-}" ]; then data_args+=(--row-column "$ROW_COLUMN"); fi
    ;;
  *)
    echo "::error title=segform::unknown engine '${ENGINE}' (use js, duckdb or postgres)"
    exit 2
    ;;
esac
if [ -z "${SEGFORM_PG_URL:-}" ]; then unset SEGFORM_PG_URL; fi
