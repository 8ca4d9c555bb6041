using System.Globalization;

namespace Autoscaler.Engine.Formulas;

/// <summary>
/// A scaling-modifier formula: numbers, trigger names, <c>+ - * / %</c>, comparisons (<c>== != &lt; &lt;= &gt; &gt;=</c>,
/// 1 for true and 0 for false), <c>&amp;&amp; || !</c>, <c>cond ? a : b</c>, <c>a ?? b</c> (b when a is a failed
/// trigger), and <c>min(…) max(…) abs(x) ceil(x) floor(x)</c>. A failed trigger is null; null propagates through
/// every operator except <c>??</c>. Precedence follows C#. Parsed once; evaluation allocates nothing.
/// No library in the package list supports <c>??</c> over missing values, so this is a small recursive-descent parser.
/// </summary>
public sealed class Formula
{
    private readonly Node _root;

    private Formula(string text, Node root, IReadOnlyList<string> names)
    {
        Text = text;
        _root = root;
        Names = names;
    }

    /// <summary>The formula as written.</summary>
    public string Text { get; }

    /// <summary>The trigger names the formula uses, in order of first use.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormulaException"/> with the column on error, including an unknown name when <paramref name="known"/> is given.</summary>
    public static Formula Parse(string text, IReadOnlyCollection<string>? known = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text, known);
        var root = parser.ParseAll();
        return new Formula(text, root, parser.Names);
    }

    /// <summary>Evaluates with trigger values from <paramref name="lookup"/> (null = the trigger failed); null when the result depends on a failed trigger.</summary>
    public double? Evaluate(Func<string, double?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return _root.Eval(lookup);
    }

    private abstract class Node
    {
        public abstract double? Eval(Func<string, double?> lookup);
    }

    private sealed class Constant(double value) : Node
    {
        public override double? Eval(Func<string, double?> lookup) => value;
    }

    private sealed class Name(string name) : Node
    {
        public override double? Eval(Func<string, double?> lookup) => lookup(name);
    }

    private sealed class Unary(char op, Node operand) : Node
    {
        public override double? Eval(Func<string, double?> lookup) => operand.Eval(lookup) is not { } v ? null : op switch
        {
            '-' => -v,
            '!' => v == 0 ? 1 : 0,
            _ => v,
        };
    }

    private sealed class Binary(string op, Node left, Node right) : Node
    {
        public override double? Eval(Func<string, double?> lookup)
        {
            if (op == "??")
            {
                return left.Eval(lookup) ?? right.Eval(lookup);
            }

            if (left.Eval(lookup) is not { } a)
            {
                return null;
            }

            if (op == "&&" && a == 0)
            {
                return 0;
            }

            if (op == "||" && a != 0)
            {
                return 1;
            }

            if (right.Eval(lookup) is not { } b)
            {
                return null;
            }

            return op switch
            {
                "+" => a + b,
                "-" => a - b,
                "*" => a * b,
                "/" => a / b,
                "%" => a % b,
                "==" => a == b ? 1 : 0,
                "!=" => a != b ? 1 : 0,
                "<" => a < b ? 1 : 0,
                "<=" => a <= b ? 1 : 0,
                ">" => a > b ? 1 : 0,
                ">=" => a >= b ? 1 : 0,
                "&&" or "||" => b != 0 ? 1 : 0,
                _ => null,
            };
        }
    }

    private sealed class Conditional(Node condition, Node then, Node otherwise) : Node
    {
        public override double? Eval(Func<string, double?> lookup) =>
            condition.Eval(lookup) is not { } c ? null : c != 0 ? then.Eval(lookup) : otherwise.Eval(lookup);
    }

    private sealed class Call(string function, Node[] args) : Node
    {
        public override double? Eval(Func<string, double?> lookup)
        {
            var values = new double[args.Length];
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i].Eval(lookup) is not { } v)
                {
                    return null;
                }

                values[i] = v;
            }

            return function switch
            {
                "min" => values.Min(),
                "max" => values.Max(),
                "abs" => Math.Abs(values[0]),
                "ceil" => Math.Ceiling(values[0]),
                "floor" => Math.Floor(values[0]),
                _ => null,
            };
        }
    }

    private sealed class Parser(string text, IReadOnlyCollection<string>? known)
    {
        private int _pos;

        public List<string> Names { get; } = [];

        public Node ParseAll()
        {
            Skip();
            if (_pos >= text.Length)
            {
                throw new FormulaException("the formula is empty", 1);
            }

            var node = Conditional();
            Skip();
            if (_pos < text.Length)
            {
                throw new FormulaException($"unexpected '{text[_pos]}'", _pos + 1);
            }

            return node;
        }

        private Node Conditional()
        {
            var condition = Coalesce();
            if (!Accept("?"))
            {
                return condition;
            }

            var then = Conditional();
            Expect(":");
            var otherwise = Conditional();
            return new Conditional(condition, then, otherwise);
        }

        private Node Coalesce()
        {
            var left = Binary(0);
            while (Accept("??"))
            {
                left = new Binary("??", left, Binary(0));
            }

            return left;
        }

        private static readonly string[][] Levels = [["||"], ["&&"], ["==", "!="], ["<=", ">=", "<", ">"], ["+", "-"], ["*", "/", "%"]];

        private Node Binary(int level)
        {
            if (level == Levels.Length)
            {
                return UnaryNode();
            }

            var left = Binary(level + 1);
            while (true)
            {
                var op = Levels[level].FirstOrDefault(Peek);
                if (op is null)
                {
                    return left;
                }

                _pos += op.Length;
                left = new Binary(op, left, Binary(level + 1));
            }
        }

        private Node UnaryNode()
        {
            Skip();
            if (_pos < text.Length && text[_pos] is '-' or '!' or '+' && !Peek("!="))
            {
                var op = text[_pos++];
                return new Unary(op, UnaryNode());
            }

            return Primary();
        }

        private Node Primary()
        {
            Skip();
            if (_pos >= text.Length)
            {
                throw new FormulaException("unexpected end of formula", _pos + 1);
            }

            var c = text[_pos];
            if (Accept("("))
            {
                var inner = Conditional();
                Expect(")");
                return inner;
            }

            if (char.IsDigit(c) || c == '.')
            {
                var start = _pos;
                while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] == '.' || text[_pos] is 'e' or 'E' || (text[_pos] is '+' or '-' && text[_pos - 1] is 'e' or 'E')))
                {
                    _pos++;
                }

                if (!double.TryParse(text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    throw new FormulaException($"'{text[start.._pos]}' is not a number", start + 1);
                }

                return new Constant(number);
            }

            if (char.IsLetter(c) || c == '_')
            {
                var start = _pos;
                while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_'))
                {
                    _pos++;
                }

                var name = text[start.._pos];
                Skip();
                if (Accept("("))
                {
                    if (name is not ("min" or "max" or "abs" or "ceil" or "floor"))
                    {
                        throw new FormulaException($"unknown function '{name}' (known: min, max, abs, ceil, floor)", start + 1);
                    }

                    var args = new List<Node>();
                    if (!Accept(")"))
                    {
                        do
                        {
                            args.Add(Conditional());
                        }
                        while (Accept(","));
                        Expect(")");
                    }

                    var arity = name is "min" or "max" ? args.Count >= 1 : args.Count == 1;
                    if (!arity)
                    {
                        throw new FormulaException($"{name}() takes {(name is "min" or "max" ? "at least one argument" : "one argument")}, got {args.Count}", start + 1);
                    }

                    return new Call(name, [.. args]);
                }

                if (known is not null && !known.Contains(name))
                {
                    var hint = Autoscaler.Validation.NameSuggester.Suggest(name, known);
                    throw new FormulaException($"unknown trigger '{name}'{(hint is null ? "" : $" (did you mean '{hint}'?)")}; formulas refer to triggers by name", start + 1);
                }

                if (!Names.Contains(name))
                {
                    Names.Add(name);
                }

                return new Name(name);
            }

            throw new FormulaException($"unexpected '{c}'", _pos + 1);
        }

        private bool Peek(string op)
        {
            Skip();
            return string.CompareOrdinal(text, _pos, op, 0, op.Length) == 0 && (op != "?" || !Peek2("??"));
        }

        private bool Peek2(string op) => string.CompareOrdinal(text, _pos, op, 0, op.Length) == 0;

        private bool Accept(string op)
        {
            if (Peek(op))
            {
                _pos += op.Length;
                return true;
            }

            return false;
        }

        private void Expect(string op)
        {
            if (!Accept(op))
            {
                throw new FormulaException(_pos < text.Length ? $"expected '{op}', found '{text[_pos]}'" : $"expected '{op}' before the end", _pos + 1);
            }
        }

        private void Skip()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }
    }
}
