"""The plan as the patient lives it: the week (as planned, and planned vs done day by day),
"Dagens økt" (today's sessions adapted to the check-in) and logging one of them with one tap
plus the effort."""
