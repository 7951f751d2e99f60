"""`cspgen site`: every plan of a county built at once, with an index page of them side by side.

`prepare` builds one plan in memory and sums it up (run in parallel, one plan per worker);
`index` lays the summaries side by side (plans, priorities across plans, strands, the police
and crime plan's objectives); `publish` renders the index and writes the whole site through
cspgen.write's output folder, or nothing when any plan failed.
"""
