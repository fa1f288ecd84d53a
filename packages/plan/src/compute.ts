import type { ComputeExpr } from "./types.js";

/**
 * A derived field's expression as text, in the form the YAML takes (`revenue / employees`): operators spaced,
 * parentheses only where precedence needs them. The same expression always prints the same text, so the diff can
 * compare and show it.
 */
export function computeText(expr: ComputeExpr): string {
  return printed(expr, 0);
}

/** Binding strength: + and - 1, * and / 2, unary minus 3, atoms 4. */
function strength(expr: ComputeExpr): number {
  switch (expr.op) {
    case "+":
    case "-":
      return 1;
    case "*":
    case "/":
      return 2;
    case "neg":
      return 3;
    default:
      return 4;
  }
}

function printed(expr: ComputeExpr, context: number): string {
  let text: string;
  switch (expr.op) {
    case "number":
      text = String(expr.value);
      break;
    case "field":
      text = expr.name;
      break;
    case "neg":
      text = `-${printed(expr.arg, 3)}`;
      break;
    case "call":
      text = `${expr.fn}(${expr.args.map((arg) => printed(arg, 0)).join(", ")})`;
      break;
    default: {
      const own = strength(expr);
      // Left-associative: the right operand of an operator binds one step tighter (a - (b - c) keeps its parentheses).
      text = `${printed(expr.left, own)} ${expr.op} ${printed(expr.right, own + 1)}`;
    }
  }
  return strength(expr) < context ? `(${text})` : text;
}

/** The field names an expression reads, each once, in the order they first appear. */
export function computeRefs(expr: ComputeExpr, out: string[] = []): string[] {
  switch (expr.op) {
    case "number":
      break;
    case "field":
      if (!out.includes(expr.name)) out.push(expr.name);
      break;
    case "neg":
      computeRefs(expr.arg, out);
      break;
    case "call":
      for (const arg of expr.args) computeRefs(arg, out);
      break;
    default:
      computeRefs(expr.left, out);
      computeRefs(expr.right, out);
  }
  return out;
}
