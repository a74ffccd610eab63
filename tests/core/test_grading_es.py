"""Exact verdicts of the Spanish rules (bot/core/languages/spanish.py) on sentences written for these
tests: a clause opened by "cuando", reversal words, and keywords that say "no" themselves."""

from __future__ import annotations

import pytest

from bot.core.deck import Concept, Misconception
from bot.core.grading import grade_answer
from bot.core.languages import rules_for
from bot.core.languages.thesaurus import SPANISH
from tests.core.verdict_codes import verdict_codes

QUESTION = "¿Por qué la luna es un satélite de la Tierra?"


def verdicts(keywords: list[tuple[str, ...]], answer: str, misconceptions: tuple[Misconception, ...] = ()) -> str:
    """Per concept: "1" credited, "n" found but denied, "0" not found."""
    concepts = [Concept(name=f"c{index}", keywords=list(words)) for index, words in enumerate(keywords)]
    result = grade_answer(answer, concepts, language="es", misconceptions=list(misconceptions), question=QUESTION)
    return verdict_codes(result)


CASES = [
    # a negation does not reach past "cuando" (the clause it opens is not denied)
    ("cuando-stops-negation", [("evaporación",)], "El agua no cae cuando hay evaporación del mar.", "1"),
    ("negation-before-cuando", [("evaporación",)], "No hay evaporación cuando el aire está saturado.", "n"),
    # "no" before the clause's last word (its verb) denies what the clause says of its subject
    ("no-before-final-verb", [("glucosa",)], "Dentro de la hoja la glucosa no se produce.", "n"),
    ("no-before-verb-and-object", [("hoja",), ("glucosa",)], "La hoja no produce glucosa de noche.", "1n"),
    # reversal words
    ("inversamente", [("proporcional",)], "La corriente es inversamente proporcional a la resistencia.", "n"),
    ("al-reves", [("gira",)], "Con la pila cambiada el motor gira al revés.", "n"),
    ("plain-proportional", [("proporcional",)], "La corriente es proporcional a la tensión.", "1"),
    # an arrow pointing up or down is "aumenta" / "disminuye"; one between things joins them
    ("arrow-up", [("temperatura aumenta",), ("presión disminuye",)], "En la montaña: temperatura ↓ y presión ↓.", "01"),
    # an English "-tion" word reads as the Spanish "-ción" one
    ("english-tion", [("evaporación",), ("condensación",)], "Primero hay evaporation y después condensations arriba.", "11"),
    # a keyword that says "no" holds only as written: in its order, its words together
    ("sin-as-written", [("sin sal",)], "La lluvia cae sin sal sobre la tierra.", "1"),
    ("no-tiene", [("sin sal",)], "El agua de lluvia no tiene sal.", "1"),
    ("other-order", [("sin sal",)], "La sal no se evapora con el agua.", "0"),
    ("negation-governs-another-word", [("sin sal",)], "El mar no se vuelve más salado.", "0"),
    # a keyword that says "no" is found in its order even when one of its words also stands before it
    ("as-written-after-earlier-word", [("el hielo no se derrite",)],
     "Aunque el sol derrite la nieve, el hielo no se derrite tan rápido.", "1"),
    ("as-written-only-before", [("el hielo no se derrite",)], "Se derrite, el hielo no.", "0"),
    # an article is needed where English has none: "la luna es un satélite" is not a copy of five words
    ("article-run-not-a-copy", [("satélite",)], "Claro, la luna es un satélite natural.", "1"),
    # letters that sound alike: b/v, ll/y, qu/q, soft c/z/s, a silent h
    ("b-for-v", [("nubes",)], "Arriba se forman nuves grises.", "1"),
    ("y-for-ll", [("lluvia",)], "Mañana habrá yuvia en el norte.", "1"),
    ("q-for-qu", [("se queda",)], "El polvo se qeda en el suelo.", "1"),
    ("s-for-z", [("raíz",)], "La rais absorbe agua del suelo.", "1"),
    ("silent-h", [("hielo",)], "El ielo flota sobre el agua.", "1"),
    ("ch-stays", [("chico",)], "Vino un ico nuevo.", "0"),
    ("soft-c-as-s", [("agua dulce",)], "Bebemos agua dulse del grifo.", "1"),
    ("z-and-ces", [("raíz",)], "Las raíces absorben agua.", "1"),
    ("hard-c-kept", [("roca",)], "Una rosa roja.", "0"),
    # "junto a", "junto con": a preposition, not the verb "juntar"
    ("junto-is-with", [("se juntan",)], "El polvo sube junto con el aire caliente.", "0"),
    ("juntan-verb", [("se juntan",)], "Las gotas se juntan en la nube.", "1"),
    # an English term of Latin origin, spelled the Spanish way
    ("english-ity", [("universidad",)], "Estudia en la university de Sevilla.", "1"),
    ("english-ety-ous", [("sociedad",), ("famoso",)], "La society admiraba a un pintor famous.", "11"),
    ("english-ism", [("absolutismo",)], "El rey defendía el absolutism.", "1"),
    ("english-consonant-y", [("energía",), ("democracia",)], "La energy solar y la democracy.", "11"),
    ("english-ph-th-y", [("fotosíntesis",)], "La hoja hace photosynthesis.", "1"),
    ("english-tion-inside", [("revolucionario",)], "Un líder revolutionary del pueblo.", "1"),
    ("english-y-kept-by-vowel", [("rayo",)], "Cayó un rayo.", "1"),
    ("english-gen", [("oxígeno",)], "La sangre lleva oxygen a los músculos.", "1"),
    ("english-chl-ll", [("clorofila",)], "La chlorophyll es un pigmento verde.", "1"),
    ("english-chondr-ts", [("mitocondrias",), ("plantas",)], "Las plants también tienen mitochondria.", "11"),
    ("english-doubled", [("efecto",)], "Es un effect del calor.", "1"),
    ("gen-singular-plural", [("origen",)], "Los orígenes del pueblo son antiguos.", "1"),
    # ordinals: words, digits with their ending, English
    ("ordinal-digits", [("tercer piso",)], "Vive en el 3er piso.", "1"),
    ("ordinal-word", [("3er piso",)], "Vive en el tercer piso.", "1"),
    ("ordinal-ending-feminine", [("primera vez",)], "Fue la 1ra vez que votaron.", "1"),
    ("ordinal-english", [("segunda guerra",)], "Antes de la second guerra.", "1"),
    # chat spellings of little words
    ("chat-xq-ends-negation", [("se derrite",)], "No se hunde xq se derrite.", "1"),
    ("chat-q-x", [("hielo flota",)], "Pasa q el hielo flota x ser menos denso.", "1"),
    ("sounds-denied", [("nubes",)], "No se forman nuves.", "n"),
    # "sin" is a preposition: it denies what follows it, never the clause before it
    ("sin-forward-only", [("se evapora",), ("hervir",)], "Con el sol el lago se evapora sin hervir.", "1n"),
    ("sin-object", [("volcán",)], "La isla quedó sin volcán activo.", "n"),
    # certainty and "but", though written with a negation word
    ("sin-duda", [("inflación",)], "Sin duda la inflación fue la causa principal.", "1"),
    ("no-cabe-duda", [("inflación",)], "No cabe duda de que la inflación lo provocó.", "1"),
    ("no-hay-duda", [("inflación",)], "No hay duda: la inflación lo provocó.", "1"),
    ("no-deja-de", [("inflación",)], "El precio no deja de subir por la inflación.", "1"),
    ("sin-embargo", [("sequía",), ("inflación",)], "Hubo sequía, sin embargo la inflación pesó más.", "11"),
    ("no-obstante", [("sequía",), ("inflación",)], "Hubo sequía, no obstante la inflación pesó más.", "11"),
    ("plain-no-still-denies", [("inflación",)], "No hubo inflación durante esos años.", "n"),
    # "instead of", "it is false that", "I doubt that"
    ("en-lugar-de", [("sequía",), ("guerra",)], "En lugar de la sequía, fue la guerra lo que arruinó el reino.", "n1"),
    ("en-vez-de", [("sequía",), ("guerra",)], "En vez de una sequía, hubo una guerra larga.", "n1"),
    ("en-vez-without-de", [("sequía",)], "Esta vez la sequía duró dos años.", "1"),
    ("es-falso-que", [("sequía",)], "Es falso que la sequía arruinara el reino.", "n"),
    ("dudo-que", [("sequía",)], "Dudo que la sequía arruinara el reino.", "n"),
    # "no tener nada que ver": the subject of the clause is denied, however much follows
    ("nada-que-ver", [("sequía",)], "La sequía no tuvo nada que ver con la caída del viejo reino.", "n"),
    ("nada-que-ver-end", [("sequía",)], "La sequía no tuvo nada que ver.", "n"),
    ("mucho-que-ver", [("sequía",)], "La sequía tuvo mucho que ver con la caída del reino.", "1"),
    # "no (fue) porque": the reason is denied; "no fue hasta": not until, it happened
    ("no-fue-porque", [("sequía",), ("guerra",)], "El reino no cayó... no fue porque hubiera sequía, sino porque hubo guerra.", "n1"),
    ("no-porque", [("sequía",)], "No porque hubiera sequía.", "n"),
    ("porque-no", [("sequía",)], "Se fueron porque no llovía y la sequía seguía.", "1"),
    ("no-fue-hasta", [("tratado",)], "No fue hasta el invierno cuando se firmó el tratado.", "1"),
    ("no-llego-hasta", [("costa",)], "El ejército no llegó hasta la costa.", "n"),
    # "en sentido contrario" reverses; "al contrario", "en cambio", "ya que", "puesto que" join clauses
    ("sentido-contrario", [("gira",)], "Con la pila al otro lado el motor gira en sentido contrario.", "n"),
    ("contrario-alone-describes", [("se atraen",)], "Las cargas de signo contrario se atraen.", "1"),
    ("al-contrario-is-but", [("cobraban",)], "Los señores no pagaban al contrario cobraban tributos.", "1"),
    ("en-cambio-is-but", [("cosechaban",)], "Los señores no trabajaban en cambio los siervos cosechaban.", "1"),
    ("ya-que-is-because", [("cosechaban",)], "Los señores no comían ya que los siervos cosechaban poco.", "1"),
    ("ya-no", [("cosecha",)], "Ya no hubo cosecha.", "n"),
    ("longer-copy-earns-nothing", [("satélite",)], "¿Por qué la luna es un satélite de la Tierra?", "0"),
]


@pytest.mark.parametrize(("keywords", "answer", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_exact_verdicts(keywords: list[tuple[str, ...]], answer: str, expected: str) -> None:
    assert verdicts(keywords, answer) == expected


def test_an_ordinal_ending_goes_but_a_word_after_a_number_stays() -> None:
    assert rules_for("es").tokenize("el 3er piso, de 3 a 4").words == ("the", "3", "the", "pis", ",", "of", "3", "to", "4")


def test_arrows_read_as_words() -> None:
    assert rules_for("es").tokenize("vapor → nube ↑").words == ("bapor", "to", "nub", "aument")


def test_al_and_an_infinitive_end_their_clause_at_the_main_clause() -> None:
    concepts = [Concept(name="c0", keywords=["la arena se queda"], not_with=["la arena se seca"])]

    def hit(answer: str) -> bool:
        return grade_answer(answer, concepts, language="es").concepts[0].hit

    # "al secarse el barro | la arena se queda": the main clause does not say the sand dries
    assert hit("Al secarse el barro la arena se queda en el fondo.")
    # "al secarse la arena": the sand is what dries, in the clause of "se queda"
    assert not hit("Al secarse la arena se queda en el fondo.")


def test_a_misconception_phrase_does_not_run_through_cuando() -> None:
    wrong = (Misconception(triggers=["las nubes son humo"], correction="…", contradicts="c0"),)
    # "nubes ... humo" only across the clause "cuando" opens: not stated, the concept stays credited
    assert verdicts([("condensa",)], "El vapor se condensa y se ven las nubes cuando humo y polvo ayudan.", wrong) == "1"
    assert verdicts([("condensa",)], "El vapor se condensa, pero las nubes son humo del mar.", wrong) == "0"


def test_a_sound_alike_match_shows_the_answers_word() -> None:
    concepts = [Concept(name="c0", keywords=["nubes"])]
    assert grade_answer("Arriba se forman nuves grises.", concepts, language="es").concepts[0].matched == "nuves"


# Synonyms from the Spanish thesaurus (bot/core/languages/thesaurus.py): a synonym of a keyword
# word credits the concept, the verdict shows the answer's own word, and a denied synonym is denied.
SYNONYM_CASES = [
    ("synonym", [("rocas",)], "El agua desgasta las piedras del cauce.", "1", "piedras"),
    ("synonym-in-phrase", [("la sal se acumula",)], "Con los siglos la sal se almacena en el fondo.", "1", "sal se almacena"),
    ("synonym-denied", [("rocas",)], "El agua no desgasta las piedras.", "n", None),
    ("no-synonym", [("rocas",)], "El agua desgasta la madera.", "0", None),
    # a short stem that another word shares takes no synonyms of that word ("marido" is no "mar")
    ("mar-not-esposa", [("mar",)], "Mi vecino habla mucho con su esposa.", "0", None),
    ("luz-not-blanquear", [("luz",)], "Pintaron la pared para blanquear el salón.", "0", None),
    ("cauce-not-proceso", [("cauce",)], "El proceso de admisión tarda un mes.", "0", None),
    ("sol-not-pavimento", [("sol",)], "Cambiaron el pavimento de la plaza.", "0", None),
    ("verb-of-a-short-noun", [("juntar",)], "Las hormigas acumulan semillas.", "1", "acumulan"),
]


@pytest.mark.parametrize(("keywords", "answer", "expected", "shown"), [case[1:] for case in SYNONYM_CASES],
                         ids=[case[0] for case in SYNONYM_CASES])
def test_thesaurus_synonyms(keywords: list[tuple[str, ...]], answer: str, expected: str, shown: str | None) -> None:
    assert verdicts(keywords, answer) == expected
    concepts = [Concept(name="c0", keywords=list(keywords[0]))]
    assert grade_answer(answer, concepts, language="es").concepts[0].matched == shown


def test_thesaurus_table_is_sorted_ascii_and_attributed() -> None:
    lines = SPANISH.path.read_text(encoding="ascii").splitlines()
    assert "LGPL-2.1" in lines[0] and "mythes-es" in lines[0]
    body = [line for line in lines if not line.startswith("#")]
    assert body == sorted(body) and len(body) > 10_000
    assert all(" " in line for line in body)  # every word listed has a synonym


def test_thesaurus_is_not_asked_for_another_language() -> None:
    assert rules_for("it").keyword_aliases is None
    assert grade_answer("Le piedras", [Concept(name="c0", keywords=["rocas"])], language="it").concepts[0].hit is False


# Reversal words, symbols with digits, words a little word would lose (bot/core/languages/spanish.py,
# spanish_tokens.py), and how far a denial of a statement reaches (spanish_statements.py).
WORD_CASES = [
    # "inverso", "contrario" state a relation: words of their own, never a bare "not"
    ("inversos-is-a-word", [("inversos",)], "La suma y la resta son operaciones inversas.", "1"),
    ("inversos-not-any-no", [("inversos",)], "No hay relación entre ellos.", "0"),
    ("al-reves-not-any-no", [("al revés",)], "El tren no llega hoy.", "0"),
    ("al-reves-as-written", [("al revés",)], "En el espejo la imagen se ve al revés.", "1"),
    ("a-la-inversa-reverses", [("gira",)], "Con el cable cambiado la rueda gira a la inversa.", "n"),
    # letters and digits written together are one symbol: "O2" is not a "2", "CO2" holds no count
    ("formula-whole", [("H2O",)], "Al quemar gas se forma H2O.", "1"),
    ("formula-subscript", [("CO2",)], "Del tubo de escape sale CO₂.", "1"),
    ("formula-not-its-digit", [("O2",)], "Las algas absorben CO2.", "0"),
    ("formula-not-a-count", [("las dos",)], "El coche expulsa CO2.", "0"),
    ("code-word", [("int8",)], "El modelo usa int8 en el móvil.", "1"),
    # "los dos", "las dos", "ambos" are "both"; "dos" alone is a count, "a las dos" a time
    ("los-dos-is-ambos", [("ambos procesos",)], "Los dos procesos pasan en el mismo órgano.", "1"),
    ("las-dos-cosas", [("las dos",)], "El árbol hace las dos cosas.", "1"),
    ("dos-alone-is-a-count", [("las dos",)], "Llegaron dos barcos al puerto.", "0"),
    ("a-las-dos-is-a-time", [("las dos",)], "Salimos del puerto a las dos.", "0"),
    ("ambas-alone-is-las-dos", [("las dos",)], "Fotosíntesis y respiración: la planta hace ambas.", "1"),
    # "todos", "también" say something a keyword needs; "sobre todo" is a little word
    ("todas-needed", [("todas las células",)], "La célula gasta energía.", "0"),
    ("todas-found", [("todas las células",)], "Lo hacen todas las células del cuerpo.", "1"),
    ("sobre-todo-little", [("todos los metales",)], "Sobre todo los metales conducen bien.", "0"),
    ("tambien-needed", [("también respiran",)], "La respiración ocurre en el pulmón.", "0"),
    ("tambien-found", [("también respiran",)], "Los peces también respiran bajo el agua.", "1"),
    ("tb-is-tambien", [("también respiran",)], "Los hongos tb respiran.", "1"),
    # a question states nothing, unless it is "¿sabías que ...?"
    ("question-denied", [("inflación",)], "¿Fue la inflación la causa? Nadie lo sabe.", "n"),
    ("question-then-answer", [("inflación",)], "¿Por qué subió el pan? Por la inflación.", "1"),
    ("question-mid-sentence", [("sequía",), ("inflación",)], "Hubo inflación, pero ¿hubo sequía?", "n1"),
    ("question-rhetorical", [("inflación",)], "¿Sabías que la inflación arruinó el reino?", "1"),
    # a denial of what was just said: its sentence, or the one before
    ("no-es-asi", [("inflación",)], "La inflación arruinó el reino, pero eso no es así.", "n"),
    ("no-es-cierto-end", [("inflación",)], "Según mi primo la inflación arruinó el reino; no es cierto.", "n"),
    ("es-falso-next-sentence", [("inflación",)], "La inflación arruinó el reino. Eso es falso.", "n"),
    ("tag-question-agrees", [("inflación",)], "La inflación arruinó el reino, ¿no es así?", "1"),
    ("no-es-asi-de", [("inflación",)], "La inflación fue clave, aunque no es así de simple.", "1"),
    # a denial that governs a "que" clause reaches all of it; "no dudo", "no hay que olvidar" affirm
    ("no-creo-que-long", [("sequía",)], "No creo que durante aquellos largos años del siglo pasado la sequía arruinara el reino.", "n"),
    ("no-creo-que-stops-at-but", [("sequía",)], "No creo que fuera el rey, pero la sequía arruinó el reino.", "1"),
    ("no-dudo-que", [("sequía",)], "No dudo que la sequía arruinó el reino.", "1"),
    ("double-denial-affirms", [("respira",)], "No es cierto que la planta no respire de noche.", "1"),
    ("double-denial-creo", [("respira",)], "No creo que el helecho no respire.", "1"),
    ("single-denial-of-clause", [("respira",)], "No es cierto que la planta respire solo de día.", "n"),
    ("no-hay-que-olvidar", [("sequía",)], "No hay que olvidar que la sequía arruinó el reino.", "1"),
    ("no-estoy-seguro-de-que", [("sequía",)], "No estoy seguro de que en aquellos años la sequía arruinara el reino.", "n"),
    # a guess states nothing of what follows it in its clause; "excepto" leaves out what follows
    ("quizas-guess", [("sequía",)], "Quizás la sequía arruinó el reino.", "n"),
    ("tal-vez-guess", [("sequía",)], "Tal vez fue la sequía lo que arruinó el reino.", "n"),
    ("a-lo-mejor-guess", [("sequía",)], "A lo mejor la sequía tuvo la culpa.", "n"),
    ("puede-que-guess", [("sequía",)], "Puede que durante aquellos años tan secos la sequía arruinara el reino.", "n"),
    ("no-puede-que", [("sequía",)], "La sequía puede durar años.", "1"),
    ("guess-stops-at-but", [("sequía",), ("guerra",)], "Quizás hubo guerra, pero la sequía arruinó el reino.", "1n"),
    ("guess-forward-only", [("guerra",)], "Hubo guerra, quizás por hambre.", "1"),
    ("lo-mejor-not-a-guess", [("sequía",)], "Lo mejor fue que la sequía terminó.", "1"),
    ("excepto", [("peces",)], "Todos respiran aire excepto los peces.", "n"),
]


@pytest.mark.parametrize(("keywords", "answer", "expected"), [case[1:] for case in WORD_CASES],
                         ids=[case[0] for case in WORD_CASES])
def test_word_and_statement_verdicts(keywords: list[tuple[str, ...]], answer: str, expected: str) -> None:
    assert verdicts(keywords, answer) == expected


def test_a_symbol_shows_as_written() -> None:
    concepts = [Concept(name="c0", keywords=["CO2"])]
    assert grade_answer("Sale mucho CO2 del coche.", concepts, language="es").concepts[0].matched == "CO2"
    assert rules_for("es").tokenize("6 CO2 + C6H12O6 + int8").words == ("6", "co2", "glucos", "int8")
    assert rules_for("es").tokenize("6CO2 + 6H2O").words == rules_for("es").tokenize("6 CO2 + 6 H2O").words


@pytest.mark.parametrize(("keywords", "answer", "expected", "shown"), [
    (["oxígeno"], "Las hojas sueltan O2 de día.", True, "O2"),
    (["O2"], "Las hojas sueltan oxígeno de día.", True, "oxigeno"),
    (["glucosa"], "Se forma C6H12O6 en la hoja.", True, "C6H12O6"),
    (["agua"], "Se forma H₂O al quemar gas.", True, "H2O"),  # (shown with the subscript folded)
    (["la sal se queda"], "El NaCl se queda en la olla.", True, "NaCl se queda"),
    (["oxígeno"], "Sale CO2 del tubo.", False, None),  # a formula of several words stays a symbol
    (["oxígeno"], "El alga libera 6O2 al agua.", True, "O2"),  # a count glued before a formula
    (["agua"], "Al arder se forman 2H2O.", True, "H2O"),
    (["CO2"], "La caldera expulsa 3CO2 por la chimenea.", True, "CO2"),
], ids=["formula-for-word", "word-for-formula", "glucose", "subscript", "nacl", "co2-stays",
        "count-o2", "count-h2o", "count-co2"])
def test_a_formula_reads_as_the_word_it_names(keywords: list[str], answer: str, expected: bool, shown: str | None) -> None:
    verdict = grade_answer(answer, [Concept(name="c0", keywords=keywords)], language="es").concepts[0]
    assert (verdict.hit, verdict.matched) == (expected, shown)


TAKEN_IN = [Concept(name="c", keywords=["dióxido de carbono"], requires=["agua"])]


@pytest.mark.parametrize(("answer", "expected"), [
    ("La hoja toma dióxido de carbono del aire y el agua del suelo.", True),
    ("La hoja toma dióxido de carbono y agua de la lluvia.", True),
    ("La hoja toma dióxido de carbono del aire y el agua que sube del tallo.", True),
    ("La hoja toma dióxido de carbono del aire y el agua.", True),
    ("La hoja toma dióxido de carbono y el agua sube por el tallo.", False),  # two clauses
    ("La hoja toma dióxido de carbono, y el agua del riego se evapora.", False),  # a comma before "y"
], ids=["article-de", "bare-de", "article-que", "article-end", "clause-verb", "clause-after-comma"])
def test_y_between_nouns_keeps_a_required_word_in_the_clause(answer: str, expected: bool) -> None:
    """The `requires` word stands in the keyword's clause when "y" joins two nouns, not two clauses."""
    assert grade_answer(answer, TAKEN_IN, language="es").concepts[0].hit is expected


def test_negation_and_reves_have_no_synonyms() -> None:
    """"no" is read as "not", which the table also lists as the stem of "nota" ("fracaso", "naufragio"); "revés"
    after "al" is kept whole, not the stem of "rebosar" (whose synonyms are "sobrar", "derramar")."""
    aliases = rules_for("es").keyword_aliases
    assert aliases is not None
    assert aliases({"not": 0}, frozenset()) == {}
    assert rules_for("es").tokenize("gira al revés").words == ("gir", "not", "reves")
    assert aliases({"reves": 0}, frozenset()) == {}


# Negative concord, a denied copula, saying a statement is wrong, "en vez de" as a preposition, and where a
# denied predicate ends (bot/core/languages/spanish.py, spanish_statements.py).
CLAUSE_CASES = [
    # "nada", "nunca", "ninguno" after a "no" of their clause repeat it: one negation, its reach unchanged
    ("concord-nada-final", [("muralla",)], "La muralla no sirvió de nada.", "n"),
    ("concord-nunca-final", [("cometa",)], "El cometa no volvió nunca.", "n"),
    ("concord-ninguna", [("vacuna",), ("efecto",)], "La vacuna no tuvo ningún efecto.", "1n"),
    ("concord-que-clause", [("marea",)], "No creo que nadie viera la marea.", "n"),
    ("concord-reaches-on", [("vacuna",)], "No hubo en aquellos inviernos tan largos y fríos ninguna vacuna.", "n"),
    ("nunca-alone-denies", [("cometa",)], "Nunca volvió el cometa.", "n"),
    ("nada-que-ver-without-nada", [("cometa",)], "El cometa no tiene que ver con la peste.", "n"),
    # "X no es / fue Y": the denied statement is about its subject too
    ("copula-denies-subject", [("muralla",)], "La muralla no fue la defensa principal del puerto.", "n"),
    ("copula-sino", [("muralla",), ("flota",)], "La muralla no fue la defensa del puerto, sino la flota.", "n1"),
    ("copula-hedged", [("muralla",)], "La muralla no fue solo una defensa.", "1"),
    ("copula-in-relative-clause", [("animales",)], "Los animales que no son mamíferos ponen huevos.", "1"),
    ("verb-keeps-subject", [("muralla",)], "La muralla no protegió el puerto del norte.", "1"),
    # saying that a statement is wrong
    ("es-un-error-que", [("cometa",)], "Es un error pensar que el cometa trajo la peste.", "n"),
    ("es-incorrecto-decir", [("cometa",)], "Es incorrecto decir que el cometa trajo la peste.", "n"),
    ("es-un-mito-que", [("cometa",)], "Es un mito que el cometa trajo la peste.", "n"),
    ("se-equivocan-quienes", [("cometa",)], "Se equivocan quienes dicen que el cometa trajo la peste.", "n"),
    ("pero-es-un-error", [("cometa",)], "Muchos creían que el cometa trajo la peste, pero es un error.", "n"),
    ("pero-se-equivocan", [("cometa",)], "Muchos creían que el cometa trajo la peste, pero se equivocan.", "n"),
    ("pero-no", [("cometa",)], "Dicen que el cometa trajo la peste, pero no.", "n"),
    ("el-error-fue-que", [("impuestos",)], "El error fue que el rey subió los impuestos.", "1"),
    ("error-de-calculo", [("puente",)], "Es un error de cálculo del puente.", "1"),
    ("pero-no-with-object", [("trigo",), ("cebada",)], "Sembraron trigo pero no cebada.", "1n"),
    # "en vez de", "en lugar de" deny what follows them, never the clause before them
    ("en-vez-de-after-clause", [("flota",), ("muralla",)], "Construyeron una flota en vez de una muralla.", "1n"),
    ("en-lugar-de-after-clause", [("trigo",), ("cebada",)], "Sembraron trigo en lugar de cebada.", "1n"),
    # a denied predicate ends at the next verb: the clitic "se", a finite "es", "hay", "fue"
    ("relative-then-se", [("se hunde",)], "El barco que no se repara se hunde en el puerto.", "1"),
    ("subject-clause-then-es", [("cobre",)], "Lo que no se oxida es el cobre.", "1"),
    ("cuando-then-hay", [("hambre",)], "Cuando no llueve hay hambre en el valle.", "1"),
    ("si-then-hay", [("hambre",)], "Si no llueve hay hambre.", "1"),
    ("copula-predicate-then-se", [("se bebe",)], "El agua que no es salada se bebe sin miedo.", "1"),
    ("que-clause-kept", [("se hunde",)], "No creo que el barco se hunda.", "n"),
    ("esta-is-this", [("agua",)], "El pozo no da esta agua turbia.", "n"),
    ("same-verb-denied", [("se hunde",)], "El barco no se hunde en el puerto.", "n"),
    # words that say "without" deny what follows them, never the clause before
    ("falta-de", [("cosecha",), ("nieve",)], "La cosecha se perdió por la falta de nieve.", "1n"),
    ("le-falta", [("hierro",)], "A la sangre le falta hierro.", "n"),
    ("hace-falta-needed", [("hierro",)], "A la sangre le hace falta hierro.", "1"),
    ("falta-a-noun", [("falta",)], "El árbitro pitó una falta.", "1"),
    ("ausencia-de", [("oxígeno",)], "En ausencia de oxígeno la levadura fermenta.", "n"),
    ("carece-de", [("núcleo",), ("bacteria",)], "La bacteria carece de núcleo.", "n1"),
    ("dejo-de", [("nevar",)], "En abril dejó de nevar.", "n"),
    ("no-dejo-de", [("nevar",)], "En abril no dejó de nevar.", "1"),
    ("falta-de-as-written", [("falta de nieve",)], "No hubo nieve aquel invierno.", "1"),
    ("en-absoluto-concord", [("cosecha",)], "La cosecha no mejoró en absoluto.", "n"),
    # a clitic after the contrast takes up the denied verb's object: only the verb is denied
    ("sino-que-clitic", [("lava",), ("expulsa",)], "El volcán no expulsa lava, sino que la acumula dentro.", "1n"),
    ("en-vez-de-clitic", [("trigo",), ("vender",)], "En vez de vender el trigo, lo guardan en el granero.", "1n"),
    ("comma-clitic", [("arena",)], "El río no arrastra arena, la deja en la orilla.", "1"),
    ("sino-que-article", [("lava",)], "El volcán no expulsa lava sino que la montaña crece.", "n"),
    # "en realidad" after a belief corrects it: the belief's que-clause is denied
    ("en-realidad-corrects", [("se hunde",), ("flota",)],
     "Mucha gente cree que el hielo se hunde, pero en realidad flota.", "n1"),
    ("en-realidad-next-sentence", [("se hunde",)], "Se dice que el hielo se hunde. En realidad, flota.", "n"),
    ("en-realidad-too-far", [("se hunde",)], "Se dice que el hielo se hunde. Es frío. En realidad, flota.", "1"),
    ("de-hecho-confirms", [("se hunde",)], "Dicen que el hierro se hunde, y de hecho lo vemos.", "1"),
    # "sí (que)" and the verb a "no" denied: the denial is answered, it holds
    ("si-que-reaffirms", [("hierro",)], "Dicen que la sangre no necesita hierro, pero sí que lo necesita.", "1"),
    ("si-que-reaffirms-verb", [("nieve",)], "Creen que no cae nieve en la isla; sí que cae, aunque poco.", "1"),
    ("si-other-verb", [("hierro",)], "La sangre no necesita hierro, pero sí que lo transporta.", "n"),
    ("si-without-verb", [("hierro",)], "La sangre no lleva hierro, la carne sí.", "n"),
    ("si-conditional", [("hierro",)], "La sangre no necesita hierro si come bien.", "n"),
    ("sino-que-article-de", [("lava",)], "El volcán no expulsa lava sino que la cima de ceniza crece.", "n"),
    ("clitic-not-a-complement", [("tierra",)], "La sal no la saca de la tierra: la compra hecha.", "n"),
]


@pytest.mark.parametrize(("keywords", "answer", "expected"), [case[1:] for case in CLAUSE_CASES],
                         ids=[case[0] for case in CLAUSE_CASES])
def test_clause_verdicts(keywords: list[tuple[str, ...]], answer: str, expected: str) -> None:
    assert verdicts(keywords, answer) == expected
