"""How the headline "distilling is N times cheaper" moves with its assumptions.

For each distilled model against its base model (default scenario): the base
model's compute divided by the distilled model's, counted marginally (the distillation stage alone) and
cumulatively (its base model's pre-training and a teacher share included), across tokens per sample and epochs
(the scenario's low to high), the teacher counted by active or total parameters, and the teacher's cost shared by
all its students in the catalogue or carried by this one. A bar spans every combination; the dot is the central
case (central tokens, active parameters, teacher shared). Right of the line at 1 the distilled model was cheaper
than its base; left of it, dearer. Models whose figure cannot be computed (an input unknown) are listed, not drawn."""

import altair as alt

from publish.figures import Figure, data, records
from publish.numbers import fmt

ACCOUNTINGS = ["Marginal: distillation stage alone", "Cumulative: lineage counted"]


def build(con, scenario):
    # One row per model and accounting: the central case, each assumption moved alone, and the span of all of them.
    rows = records(con, """
        select m.name, d.model_id, b.name as base_name,
            case d.accounting when 'marginal' then ? else ? end as accounting,
            max(d.times_cheaper) filter (where tokens_case = 'central' and teacher_params = 'active'
                                         and coalesce(students_per_teacher, 'all') = 'all') as central,
            max(d.times_cheaper) filter (where tokens_case = 'low' and teacher_params = 'active'
                                         and coalesce(students_per_teacher, 'all') = 'all') as fewest_tokens,
            max(d.times_cheaper) filter (where tokens_case = 'high' and teacher_params = 'active'
                                         and coalesce(students_per_teacher, 'all') = 'all') as most_tokens,
            max(d.times_cheaper) filter (where tokens_case = 'central' and teacher_params = 'total'
                                         and coalesce(students_per_teacher, 'all') = 'all') as teacher_total,
            max(d.times_cheaper) filter (where tokens_case = 'central' and teacher_params = 'active'
                                         and students_per_teacher = 'one') as one_student,
            min(d.times_cheaper) as low, max(d.times_cheaper) as high,
            max(d.tokens_per_sample) filter (where tokens_case = 'low') as tokens_low,
            max(d.tokens_per_sample) filter (where tokens_case = 'high') as tokens_high
        from distillation_sensitivity d
        join models m using (model_id) join models b on b.model_id = d.base_model_id
        group by all
        order by m.name, accounting""", ACCOUNTINGS)
    for r in rows:
        r["url"] = f"models/{r['model_id']}/"
    drawn = [r for r in rows if r["central"] is not None]
    unknown = sorted({r["name"] for r in rows if r["central"] is None})
    base = alt.Chart(data("sensitivity"))
    # Names truncated (full in the tooltip and the data table) so the plot keeps room on a phone.
    y = alt.Y("name:N", title=None, sort=alt.EncodingSortField("central", op="max", order="descending"),
              # On a phone the names keep their end, where they differ (size and base family): "…Distill-Qwen-14B", not
              # a column of identical "DeepSeek-R1-Distill-Q…".
              axis=alt.Axis(labelLimit=alt.ExprRef("containerSize()[0] < 500 ? 130 : 320"),
                            labelExpr="containerSize()[0] < 500 && length(datum.label) > 20 ? "
                                      "'…' + substring(datum.label, length(datum.label) - 19) : datum.label"))
    colour = alt.Color("accounting:N", title=None, scale=alt.Scale(domain=ACCOUNTINGS, range=["#3b6ea8", "#2e7d32"]),
                       legend=alt.Legend(orient="top", direction="vertical"))
    x = alt.X("central:Q", scale=alt.Scale(type="log"), title="Base ÷ distilled compute (log)",
              axis=alt.Axis(format=",~g", tickCount=6))  # 0.1, not SI's "100m"
    spans = base.mark_rule(strokeWidth=6, opacity=0.35).encode(y=y, x=alt.X("low:Q"), x2="high:Q", color=colour)
    tooltip = [alt.Tooltip("name:N", title="Distilled"), alt.Tooltip("base_name:N", title="Base model"),
               alt.Tooltip("accounting:N", title="Counting"), alt.Tooltip("central:Q", title="Central", format=",.2~r"),
               alt.Tooltip("fewest_tokens:Q", title="Fewest tokens per sample", format=",.2~r"),
               alt.Tooltip("most_tokens:Q", title="Most tokens per sample", format=",.2~r"),
               alt.Tooltip("teacher_total:Q", title="Teacher by total parameters", format=",.2~r"),
               alt.Tooltip("one_student:Q", title="Teacher carried by this student", format=",.2~r"),
               alt.Tooltip("low:Q", title="Lowest", format=",.2~r"), alt.Tooltip("high:Q", title="Highest", format=",.2~r")]
    dots = base.mark_point(filled=True, size=80, opacity=1).encode(
        y=y, x=x, color=colour, href="url:N", tooltip=tooltip,
        shape=alt.Shape("accounting:N", title=None, scale=alt.Scale(domain=ACCOUNTINGS, range=["circle", "square"])))
    parity = alt.Chart(alt.Data(values=[{"x": 1}])).mark_rule(color="#333", strokeDash=[4, 3]).encode(x="x:Q")
    models = len({r["name"] for r in drawn})
    chart = (parity + spans + dots).properties(width=560, height=alt.Step(24),
                                               title="Base ÷ distilled compute under every assumption")
    return [Figure(slug="distillation-sensitivity", chart=chart, rows=rows, datasets={"sensitivity": drawn},
                   description=_describe(drawn, unknown), height=models * 24 + 140,
                   columns=[("name", "Distilled model"), ("base_name", "Base model"), ("accounting", "Counting"),
                            ("central", "Central"), ("fewest_tokens", "Fewest tokens/sample"),
                            ("most_tokens", "Most tokens/sample"), ("teacher_total", "Teacher: total params"),
                            ("one_student", "Teacher: one student"), ("low", "Lowest"), ("high", "Highest")])]


def _describe(rows, unknown) -> str:
    if not rows:
        return "No distilled model with a base model has a computable figure yet."
    marginal = [r for r in rows if r["accounting"] == ACCOUNTINGS[0]]
    cumulative = [r for r in rows if r["accounting"] == ACCOUNTINGS[1]]
    text = f"Range plot of {len({r['name'] for r in rows})} distilled models."
    if marginal:
        text += (f" Marginally, the distillation stage took {fmt(min(r['low'] for r in marginal), 2)} to "
                 f"{fmt(max(r['high'] for r in marginal), 2)} times less compute than the base model across every assumption.")
    if cumulative:
        dearer = sum(1 for r in cumulative if r["high"] < 1)
        text += (f" Cumulatively, {dearer} of {len(cumulative)} cost more than their base model under every assumption "
                 f"(base ÷ distilled {fmt(min(r['low'] for r in cumulative), 2)} to {fmt(max(r['high'] for r in cumulative), 2)}).")
    if unknown:
        text += f" Not computable (an input unknown): {', '.join(unknown)}."
    return text
