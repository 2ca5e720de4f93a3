"""Small hand-written articles for the summaries tests (invented events, invented outlets)."""

from __future__ import annotations

from broadsheet.summarize import Document

RIVERTON = Document(
    article_id=1,
    outlet="Daily Ledger",
    title="Flood closes Riverton bridge as river rises",
    text=(
        "A flood closed the main bridge in Riverton on Tuesday after the Mill River rose above "
        "its banks. City engineers said the bridge would stay shut until the water level drops.\n\n"
        "Mayor Ana Ruiz said 12 families were moved to the high school gym overnight. "
        "The state sent two rescue boats and a team of divers to help.\n\n"
        "Local shops on Front Street were sandbagged by volunteers. Forecasters expect more "
        "rain over the weekend, which could push the river higher."
    ),
)
RIVERTON_B = Document(
    article_id=2,
    outlet="Evening Post",
    title="Riverton bridge shut by flooding; families evacuated",
    text=(
        "Flooding on the Mill River forced Riverton to close its main bridge on Wednesday. "
        "Mayor Ana Ruiz said 15 families were moved to the high school gym overnight.\n\n"
        "The bridge carries about 9,000 cars a day, and drivers face a long detour through "
        "the county road. Insurance adjusters are expected in town next week."
    ),
)
RIVERTON_C = Document(
    article_id=3,
    outlet="Valley Radio",
    title="Riverton flood: bridge closed",
    text=(
        "Riverton closed its main bridge on Tuesday as the Mill River flooded low streets. "
        "Engineers said the bridge would stay shut until the water level drops.\n\n"
        "A spokesman for the governor said the National Guard was on standby but had not "
        "been called in."
    ),
)
STORY = [RIVERTON, RIVERTON_B, RIVERTON_C]
