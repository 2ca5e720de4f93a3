"""Given names that nearly always belong to one gender, so that "she said" can skip a Tom and
"he said" an Ann when the article gives no title or pronoun for them (names used by both, such
as Jordan, Sam or Alex, or by men in one language and women in another, such as Andrea or
Jean, are left out on purpose)."""

from __future__ import annotations

_FEMALE_NAMES = """
    abigail ada adele adriana agnes aisha alexandra alice alicia alison amanda amber amelia amy
    ana anastasia angela angelina anita ann anna anne annette antonia april arlene audrey
    barbara beatrice becky belinda bernadette beth betsy betty beverly bonnie brenda bridget
    brittany camilla candace carla carmen carol carole caroline carolyn catherine cathy cecilia
    charlotte cheryl chloe christina christine cindy claire clara claudia colleen connie
    constance cynthia daisy daniela danielle debbie deborah debra denise diana diane donna doris
    dorothy edith eileen elaine eleanor elena elisabeth elise eliza elizabeth ella ellen eloise
    emily emma erica erin esther eva fatima fiona florence frances gabriela gabrielle gail
    georgia geraldine gillian gina giselle gloria grace gwen hannah harriet heather heidi helen
    helena hillary holly ingrid irene iris isabel isabella jacqueline jane janet janice jasmine
    jeanne jennifer jenny jessica jill joanna joanne jodi josephine joy joyce judith judy julia
    julie juliet june kamala karen kate katherine kathleen kathryn kathy katie kayla kellyanne
    kirsten kristen laura lauren leah lily linda lisa liz loretta lori lorraine louise lucia
    lucy madeleine madison margaret maria marie marjorie martha mary maureen megan meghan
    melania melanie melissa meredith michelle mildred miriam molly monica nadia nancy naomi
    natalie natasha nicole nikki nina nora olivia pamela patricia paula pauline peggy penelope
    penny phyllis priscilla rachel rebecca regina rita roberta rosa rosalind rose rosemary ruth
    sabrina sally samantha sandra sara sarah sharon sheila shirley silvia simone sofia sonia
    sophia sophie stacey stephanie susan susanne suzanne sylvia tamara tammy teresa theresa
    tiffany tina ursula valerie vanessa veronica victoria virginia wanda wendy yolanda yvonne
    zoe
"""
_MALE_NAMES = """
    aaron abdul abraham adam adrian ahmed alan albert alberto alejandro alexander alfred allen
    alvin anders andre andrew angelo anthony antonio arnold arthur barack barry ben benjamin
    bernard bernie bill billy bob bobby boris brad bradley brandon brett brian bruce bryan carl
    carlos charles charlie chuck clarence clifford colin craig curtis dan daniel darren dave
    david dennis derek diego dmitry don donald doug douglas duncan dwight earl eddie edward
    edwin elijah emmanuel eric ernest eugene evan felix fernando francis francisco frank
    franklin fred frederick gary gavin geoffrey george gerald giuseppe glenn gordon graham greg
    gregory harold harry harvey hector henry herbert howard hugh hugo ian isaac ivan jack jacob
    jake james jared jason jeff jeffrey jeremy jerome jerry jim jimmy joe joel john johnny jon
    jonathan jorge jose joseph joshua juan julian justin karl keith ken kenneth kevin kurt larry
    lawrence leo leon leonard lewis louis luis luke malcolm marco marcus mario mark martin matt
    matthew maurice max michael miguel mike mitch mitchell mohamed mohammed muhammad nathan neil
    newt nicholas nick nigel norman oliver oscar owen patrick paul pedro peter philip phillip
    pierre ralph randy raul ray raymond reince richard rick rob robert roberto roger ron ronald
    roy rudy russell ryan samuel scott sean sergei seth stanley stephen steve steven stuart ted
    terrence theodore thomas tim timothy todd tom tommy tony travis trevor victor vincent
    vladimir walter warren wayne wesley william willie xavier zachary
"""
_FEMALE = frozenset(_FEMALE_NAMES.split())
_MALE = frozenset(_MALE_NAMES.split())


def given_name_gender(first: str) -> str | None:
    """'f' or 'm' for a given name that is nearly always that gender, else None."""
    word = first.strip(".").lower()
    if word in _FEMALE:
        return "f"
    return "m" if word in _MALE else None
