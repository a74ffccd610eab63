"""Exact verdicts of the German rules (bot/core/languages/german.py, german_negation.py,
german_clauses.py) on sentences written for these tests: the reach of each negation, reversal words,
keywords that say "nicht"/"ohne" themselves, compounds, and where "und" and "als" cut a clause."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.deck import Concept
from bot.core.grading import grade_answer
from tests.core.verdict_codes import verdict_codes


def verdicts(keywords: list[tuple[str, ...]], answer: str) -> str:
    """Per concept: "1" credited, "n" found but denied, "0" not found."""
    concepts = [Concept(name=f"c{index}", keywords=list(words)) for index, words in enumerate(keywords)]
    return verdict_codes(grade_answer(answer, concepts, language="de"))


CASES = [
    # "nicht" before the clause's last word (the verb at its end) denies what the clause says of its subject
    ("nicht-before-final-verb", [("Glukose",)], "In der Nacht wird Glukose nicht gebildet.", "n"),
    ("keine-rolle", [("Geschwindigkeit",)], "Die Geschwindigkeit spielt keine Rolle.", "n"),
    ("nicht-before-object", [("Pflanze",), ("Glukose",)], "Die Pflanze bildet nachts nicht viel Glukose.", "1n"),
    ("umgekehrt", [("proportional",)], "Der Strom ist umgekehrt proportional zum Widerstand.", "n"),
    ("umgekehrt-as-keyword", [("umgekehrt proportional",)], "Der Strom ist umgekehrt proportional zum Widerstand.", "1"),
    ("entgegengesetzt", [("Richtung",)], "Der Zeiger schlägt in entgegengesetzte Richtung aus.", "n"),
    ("andersherum", [("dreht rechts",)], "Das Rad dreht andersherum nach rechts.", "n"),
    ("nirgends", [("Wasser",)], "In der Wüste gibt es nirgends Wasser.", "n"),
    ("plain", [("proportional",)], "Strom und Spannung sind proportional.", "1"),
    ("ohne-as-written", [("ohne Sauerstoff",)], "Die Hefe lebt ohne Sauerstoff weiter.", "1"),
    ("ohne-elsewhere", [("ohne Sauerstoff",)], "Sauerstoff braucht die Hefe ohne Zweifel.", "0"),
    # a compound's last part is the keyword word ("Lichtenergie" is an "Energie"); its first part is not
    ("compound-head", [("Energie",), ("Licht",)], "Die Pflanze nutzt Lichtenergie für den Zucker.", "10"),
    ("compound-head-denied", [("Energie",)], "Dabei entsteht keine Bewegungsenergie.", "n"),
    ("compound-head-in-phrase", [("Widerstand kleiner",)], "Parallel ist der Gesamtwiderstand kleiner.", "1"),
    ("short-ending-is-no-head", [("Ohm",)], "Das Phänomen heißt Fernohm.", "0"),
    ("arrows", [("Spannung steigt",), ("Widerstand sinkt",)], "Wenn die Spannung ↑ bei gleichem Draht, dann wird der Widerstand ↓ nicht.", "1n"),
    ("kein-other-order", [("kein Sauerstoff",)], "Der Sauerstoff kommt nicht an, sagt sie.", "0"),
    # a formula of products and quotients is one token: factors and sides in any order, a division in its own
    ("formula-factors-swapped", [("F = m · a",)], "Nach Newton gilt F = a · m für jeden Körper.", "1"),
    ("formula-sides-swapped", [("v = s / t",)], "Man rechnet s/t = v aus.", "1"),
    ("formula-quotient-wrong", [("v = s / t",)], "Man rechnet v = t / s aus.", "0"),
    ("formula-other-letters", [("P = U · I",)], "Hier gilt W = U · I · t.", "0"),
    ("formula-sum-letter-by-letter", [("R1 + R2",)], "Insgesamt gilt Rges = R1 + R2.", "1"),
    # a verb's separated prefix at the end of its clause is a content word, and a negation reaches it
    ("particle-alone-is-not-alle", [("alle aus",)], "Die Sicherung löst aus.", "0"),
    ("particle-with-alle", [("alle aus",)], "Fällt der Strom weg, gehen alle Lichter aus.", "1"),
    ("particle-denied", [("geht aus",)], "Auch bei Regen geht keine Laterne aus.", "n"),
    ("preposition-not-particle", [("aus Holz",)], "Der Tisch ist aus Holz gebaut.", "1"),
    # "c" respelt the German way: "k", or "z" before e/i/y
    ("c-as-k", [("Glukose",)], "Die Zelle verbrennt Glucose.", "1"),
    ("c-as-z", [("Kalzium",), ("Zellulose",)], "Knochen speichern Calcium, Holz besteht aus Cellulose.", "11"),
    ("ck-as-k", [("Zucker",)], "Das Getränk enthält viel Zuker.", "1"),
    # little words (both, each, modal verbs) do not keep a predicate from its noun
    ("predicate-after-beiden", [("gleiche Helligkeit",)], "Die Helligkeit ist bei beiden gleich.", "1"),
    ("predicate-after-jeweils", [("gleiche Temperatur",)], "Die Temperatur ist jeweils gleich.", "1"),
    ("predicate-after-modal", [("große Kraft",)], "Die Kraft muss groß sein.", "1"),
    ("predicate-after-content-word", [("gleiche Helligkeit",)], "Die Helligkeit ist morgens gleich.", "0"),
    # a compound keyword written in two parts, with a hyphen or a space
    ("compound-hyphenated", [("Salzsäure",)], "Im Labor steht Salz-Säure.", "1"),
    ("compound-spaced", [("Blutgefäße",)], "Die Blut Gefäße sind eng.", "1"),
    ("compound-parts-apart", [("Salzsäure",)], "Die Säure enthält kein Salz.", "0"),
    ("compound-two-parts-denied", [("Salzsäure",)], "Im Labor gibt es keine Salz-Säure.", "n"),
    # a participle is its verb ("wird gespalten" says "spaltet"; "abgebaut" is "abbauen"), a noun in Ge- is not one
    ("participle", [("spaltet Zucker",)], "Im Glas wird der Zucker gespalten.", "1"),
    ("participle-weak", [("bildet Kristalle",)], "Beim Abkühlen werden Kristalle gebildet.", "1"),
    ("participle-after-prefix", [("Fett abbauen",)], "Das Fett wird langsam abgebaut.", "1"),
    ("participle-denied", [("Zucker spalten",)], "Im Glas wird der Zucker nicht gespalten.", "n"),
    ("ge-noun-no-participle", [("Ring",)], "Der Anteil ist gering.", "0"),
    ("ge-noun-keeps-ge", [("Geschwindigkeit",)], "Die Lichtgeschwindigkeit ist hoch.", "1"),
    # English little words in a German answer are little words ("is" does not part a predicate from its noun)
    ("english-little-words", [("gleiche Spannung",)], "Parallel the Spannung is gleich.", "1"),
    ("english-and-cuts-a-clause", [("Sauerstoff",)], "Die Zelle braucht keine Energie and Sauerstoff.", "1"),
    # synonyms from the German thesaurus (bot/core/data/thesaurus_de.txt), inflected, denied like the keyword
    ("synonym", [("Werte addieren",)], "Am Ende muss man die Werte zusammenzählen.", "1"),
    ("synonym-inflected", [("verringert",)], "Eine Bremse reduziert das Tempo.", "1"),
    ("synonym-denied", [("erwärmt",)], "Die Sonne erhitzt den Stein nicht.", "n"),
    ("short-words-have-no-synonyms", [("leuchtet weiter",)], "Die Lampe bekommt mehr Strom.", "0"),
    # "nicht" and one noun ending its clause denies the noun ("nicht X, sondern Y"), a final verb its clause
    ("nicht-before-one-noun", [("Zucker",), ("Magen",)], "Zucker wird nicht im Magen, sondern im Mund gespalten.", "1n"),
    ("nicht-x-sondern-y", [("Fett",), ("oben",)], "Fett wird nicht oben, sondern unten verdaut.", "1n"),
    ("nicht-sondern-after-verb", [("spaltet Fett",)], "Die Galle spaltet das Fett nicht, sondern emulgiert es.", "n"),
    ("sondern-ends-the-negation", [("Fett",), ("Darm",)], "Nicht das Fett, sondern der Darm.", "n1"),
    # "kein" is an article: it denies its noun, not what the clause said before it
    ("kein-denies-its-noun", [("im Winter",), ("Blätter",)], "Im Winter hat der Baum keine Blätter.", "1n"),
    ("kein-noun-ends-clause-denies-verb", [("vergärt",), ("Hefe",)], "Die Hefe vergärt keinen Zucker.", "n1"),
    ("kein-keeps-a-fronted-adverb", [("nachts",), ("blüht",)], "Nachts blüht keine Rose.", "1n"),
    ("kein-lower-case-denies-clause", [("hefe",)], "die hefe vergärt keinen zucker", "n"),
    ("kein-with-nothing-after", [("Salz",)], "Salz entsteht dabei keines.", "n"),
    ("kein-alone-before-a-comma", [("Salz",)], "Salz gibt es da keins, sagt er.", "n"),
    ("keine-rolle", [("Farbe",)], "Die Farbe des Drahtes spielt dabei keine große Rolle.", "n"),
    ("keinen-einfluss", [("Druck",)], "Der Druck hat keinen Einfluss auf den Siedepunkt.", "n"),
    # "ohne" denies only what follows it; "ohne X ... nicht" says that X is needed
    ("ohne-forward-only", [("Hefe wächst",), ("Zucker",)], "Die Hefe wächst auch ohne Zucker.", "1n"),
    ("ohne-nicht-needs", [("Strom",)], "Ohne Strom leuchtet die Lampe nicht.", "1"),
    ("ohne-kein-needs", [("Wärme",), ("Dampf",)], "Ohne Wärme entsteht kein Dampf.", "1n"),
    ("ohne-and-negation-in-other-sentences", [("Wärme",)], "Ohne Wärme. Dampf gibt es nicht.", "n"),
    # "statt" denies its noun phrase, no more; "findet ... statt" is a verb's prefix
    ("statt-noun", [("Stärke",), ("Fett",)], "Hier wird statt Stärke Fett gespalten.", "n1"),
    ("statt-noun-phrase", [("Stärke",), ("Fett",)], "Hier wird statt der gekochten Stärke Fett gespalten.", "n1"),
    ("anstatt-alone", [("Stärke",), ("Fett",)], "Hier wird anstatt Stärke Fett gespalten.", "n1"),
    ("anstelle-von", [("Stärke",), ("Fett",)], "Hier wird anstelle von Stärke Fett gespalten.", "n1"),
    ("statt-lower-case", [("starke",), ("fett",)], "hier wird statt starke fett gespalten", "n1"),
    ("stattfinden", [("Zellkern",)], "Die Teilung findet im Zellkern statt.", "1"),
    # spoken negations, a doubt with "ob", "heißt" as a copula (not "heiß")
    ("nix", [("Magnet",)], "Mit dem Magnet hat das nix zu tun.", "n"),
    ("nichts-zu-tun", [("Mond",), ("Ebbe",)], "Der Mond hat nichts mit der Ebbe zu tun.", "nn"),
    ("zu-tun-without-negation", [("Mond",)], "Der Mond hat viel mit der Ebbe zu tun.", "1"),
    ("nich", [("Ebbe",)], "Ebbe gibts da nich.", "n"),
    ("kaum", [("Reibung",)], "Auf dem Eis gibt es kaum Reibung.", "n"),
    ("ob-doubt", [("Eisen",)], "Ob der Kern aus Eisen besteht, weiß ich nicht.", "n"),
    ("heisst-is-no-heiss", [("zu heiß",)], "Mehr Sonne heißt mehr Verdunstung.", "0"),
    # "auch" (also) is a word: "auch nachts" says more than "nachts"; it keeps no phrase apart, and
    # "Rauch" is no "auch"
    ("auch-in-keyword", [("auch nachts",)], "Nachts blüht die Pflanze.", "0"),
    ("auch-said", [("auch nachts",)], "Die Pflanze blüht auch nachts.", "1"),
    ("auch-no-compound-head", [("auch nachts",)], "Nachts steigt Rauch auf.", "0"),
    ("auch-keeps-no-phrase-apart", [("gleiche Temperatur",)], "Die Temperatur ist auch gleich.", "1"),
    # a claim framed as untrue is denied; framing a denial as untrue says it
    ("stimmt-nicht-dass", [("Eisen",)], "Es stimmt nicht, dass der Kern aus Eisen besteht.", "n"),
    ("glaube-nicht-dass", [("Eisen",)], "Ich glaube nicht, dass der Kern aus Eisen besteht.", "n"),
    ("falsch-dass", [("Eisen",)], "Es ist falsch, dass der Kern aus Eisen besteht.", "n"),
    ("dass-stimmt-nicht", [("Eisen",)], "Dass der Kern aus Eisen besteht, stimmt so nicht.", "n"),
    ("nicht-so-dass-kein", [("Eisen",)], "Es ist nicht so, dass der Kern kein Eisen enthält.", "1"),
    ("dass-kein-ist-falsch", [("Eisen",)], "Dass der Kern kein Eisen enthält, ist falsch.", "1"),
    ("dass-alone-states", [("Eisen",)], "Man weiß, dass der Kern aus Eisen besteht.", "1"),
    ("irrtum-dass", [("Eisen",)], "Es ist ein Irrtum, dass der Kern aus Eisen besteht.", "n"),
    # a question asking yes or no is a doubt: its sentence is denied; one asking for something is not
    ("yes-no-question", [("Eisen",)], "Besteht der Kern aus Eisen? Das weiß keiner.", "n"),
    ("tag-question", [("Kern Eisen",)], "Der Kern ist aus Eisen, oder?", "n"),
    ("question-then-statement", [("Eisen",)], "Besteht der Kern aus Nickel? Er besteht aus Eisen.", "1"),
    ("w-question", [("Eisen",)], "Warum ist der Kern aus Eisen? Wegen der Dichte.", "1"),
    # a guess: "vielleicht" denies its clause; a doubt after a comma denies what came before it
    ("vielleicht", [("Kern Eisen",)], "Vielleicht besteht der Kern aus Eisen.", "n"),
    ("hedge-after-comma", [("Eisen",)], "Der Kern besteht aus Eisen, das weiß ich aber nicht genau.", "n"),
    ("hedge-sicher", [("Eisen",)], "Der Kern besteht aus Eisen, bin mir nicht sicher.", "n"),
    ("no-hedge-other-denial", [("Eisen",), ("Mantel",)], "Der Kern besteht aus Eisen, der Mantel nicht.", "1n"),
    # "und" between two nouns joins them (a negation before reaches both); between clauses it cuts
    ("und-nouns-negated", [("Salz",), ("Zucker",)], "Der Tee enthält kein Salz und Zucker.", "nn"),
    ("und-clauses", [("Salz",), ("Zucker",)], "Im Tee ist kein Salz und Zucker wird gelöst.", "n1"),
    ("und-predicates-negation-stops", [("Zucker",), ("Gas",)], "Die Hefe bildet keinen Zucker und gibt Gas ab.", "n1"),
    # "nicht" in a main clause denies its finite verb, which stands before it (german_statements.py)
    ("nicht-denies-the-verb-before-it", [("Blei schmilzt",), ("Blei",)], "Blei schmilzt nicht im heißen Wasser.", "n1"),
    ("nicht-verb-with-particle", [("Zucker löst sich",)], "Zucker löst sich nicht im kalten Tee auf.", "n"),
    ("nie-denies-the-verb", [("Blei rostet",)], "Blei rostet im Regen nie.", "n"),
    ("niemals-verb-then-object", [("Quarz leitet",)], "Quarz leitet niemals den elektrischen Strom.", "n"),
    ("nicht-keeps-adjective-before-noun", [("dicke Draht",)], "Der dicke Draht lässt nicht viel Strom durch.", "1"),
    ("nicht-nur-is-a-hedge", [("Kupfer leitet",)], "Kupfer leitet nicht nur Wärme, sondern auch Strom.", "1"),
    ("nicht-after-modal-keeps-the-subject", [("Ameise",), ("fliegen",)], "Die Ameise kann nicht hoch fliegen.", "1n"),
    ("nicht-in-subordinate-clause", [("Stein sinkt",)], "Der Stein sinkt, weil Wasser ihn nicht trägt.", "1"),
    ("nicht-x-sondern-y-keeps-the-verb", [("wächst Moos",)], "Am Stamm wächst nicht Gras, sondern Moos.", "1"),
    ("verb-lower-case-writer", [("zucker löst sich",)], "zucker löst sich nicht im kalten tee auf", "1"),
    # a belief reported of others, a former belief and a doubt are not the writer's claim
    ("viele-glauben-dass", [("Wale Fische",)], "Viele glauben, dass Wale Fische sind.", "n"),
    ("manche-denken-comma", [("Blitz",)], "Manche Leute denken, ein Blitz schlägt nie zweimal ein.", "n"),
    ("frueher-dachte-man", [("Erde flach",)], "Früher dachte man, die Erde sei flach, aber sie ist rund.", "n"),
    ("oft-wird-behauptet", [("Goldfische",)], "Oft wird behauptet, dass Goldfische vergesslich sind.", "n"),
    ("ich-dachte", [("Spinnen Insekten",)], "Ich dachte, Spinnen sind Insekten.", "n"),
    ("bezweifle-dass", [("Kristalle wachsen",)], "Ich bezweifle, dass Kristalle im Dunkeln wachsen.", "n"),
    ("claim-after-belief-stands", [("Säugetiere",)], "Viele glauben, dass Wale Fische sind, doch sie sind Säugetiere.", "1"),
    ("own-belief-is-a-claim", [("Wale Säugetiere",)], "Ich glaube, dass Wale Säugetiere sind.", "1"),
    ("viele-glauben-nicht", [("Pilze Pflanzen",)], "Viele glauben nicht, dass Pilze Pflanzen sind.", "n"),
    # a claim then its refutation ("..., das stimmt aber nicht", "... . Das ist ein Irrtum.")
    ("das-stimmt-nicht", [("Kamele Wasser",)], "Kamele speichern Wasser im Höcker, das stimmt aber nicht.", "n"),
    ("aber-das-ist-falsch", [("Kamele Wasser",)], "Kamele speichern Wasser im Höcker, aber das ist falsch.", "n"),
    ("refutation-as-a-sentence", [("Höcker",)], "Im Höcker ist Wasser. Das ist ein Mythos.", "n"),
    ("was-nicht-stimmt", [("Höcker",)], "Im Höcker ist Wasser, was nicht stimmt.", "n"),
    ("refuted-denial-is-said", [("Höcker Fett",)], "Im Höcker ist kein Fett, das ist ein Irrtum.", "1"),
    ("refutation-of-later-part-only", [("Fett",), ("Wasser",)], "Der Höcker speichert Fett. Wasser steckt darin, das stimmt nicht.", "1n"),
    ("stimmt-alone-is-no-refutation", [("Höcker Fett",)], "Im Höcker ist Fett, das stimmt.", "1"),
    ("not-false-is-no-refutation", [("Höcker Fett",)], "Im Höcker ist Fett, das ist nicht falsch.", "1"),
    # negations in two words or after a particle; a guess; a lack
    ("auf-keinen-fall", [("Granit",), ("Sand",)], "Granit wird auf keinen Fall zu feinem Sand.", "1n"),
    ("in-keinem-fall-ends-clause", [("Granit zerfällt",)], "Granit zerfällt in keinem Fall.", "n"),
    ("mitnichten", [("Granit zerfällt",)], "Granit zerfällt mitnichten.", "n"),
    ("doch-particle-before-final-nicht", [("Delfin atmet",)], "Ein Delfin atmet doch nicht!", "n"),
    ("aber-particle-before-final-nicht", [("Delfin atmet",)], "Der Delfin atmet aber nicht.", "n"),
    ("aber-after-comma-stays-but", [("Delfin schwimmt",)], "Der Delfin schwimmt, aber taucht nicht.", "1"),
    ("aber-before-nicht-with-more", [("klein",)], "Der Delfin ist klein aber nicht langsam.", "1"),
    ("aber-after-pronoun-is-a-particle", [("frisst Fisch",)], "Der Delfin fängt Fisch, frisst ihn aber nicht roh.", "n"),
    ("kaum-noch-is-no-hedge", [("Eis",)], "Am Pol gibt es kaum noch Eis.", "n"),
    ("nicht-nur-still-hedges", [("Eis",)], "Am Pol gibt es nicht nur Eis.", "1"),
    ("angeblich", [("Eulen Augen",)], "Eulen drehen angeblich ihre Augen.", "n"),
    ("fehlt-is-without", [("Wasser",), ("Kaktus",)], "Dem Kaktus fehlt Wasser.", "n1"),
    ("fehlt-kein-needs", [("Wasser",)], "Fehlt Wasser, wächst kein Kaktus.", "1"),
    # a compound opened by "Nicht-" is no kind of its last part; as a keyword it is taken as written
    ("nicht-compound", [("Metall",)], "Schwefel ist ein Nichtmetall.", "n"),
    ("nicht-compound-lower-case", [("Leiter",)], "gummi ist ein nichtleiter", "n"),
    ("nicht-compound-as-keyword", [("Nichtmetall",), ("Schwefel",)], "Schwefel ist ein Nichtmetall.", "11"),
    ("nicht-compound-keyword-not-said", [("Nichtmetall",)], "Schwefel ist ein Metall.", "0"),
    ("nichtsdestotrotz-is-no-negation", [("Gummi",)], "Nichtsdestotrotz dehnt sich Gummi.", "1"),
    # "also" / "deshalb" / "daher" inside a clause are adverbs, not a cut; opening one they cut it
    ("deshalb-inside-a-clause", [("Kork schwimmt",)], "Kork ist leicht und schwimmt deshalb nicht.", "n"),
    ("daher-keeps-the-predicate", [("gleiche Dichte",)], "Die Dichte ist daher gleich.", "1"),
    ("deshalb-after-comma-cuts", [("Kork",)], "Kork ist leicht, deshalb sinkt er nicht.", "1"),
    # "Dass Y, kann man so nicht sagen"; "kann keine Rede sein"
    ("dass-nicht-sagen", [("Kork sinkt",)], "Dass Kork sinkt, kann man so nicht sagen.", "n"),
    ("keine-rede", [("Kork",)], "Von sinkendem Kork kann keine Rede sein.", "n"),
    # pronominal adverbs and modal particles keep no phrase apart; "mal" (times) stays a word
    ("dabei-keeps-no-predicate-apart", [("gleiche Dichte",)], "Die Dichte ist dabei gleich.", "1"),
    ("particle-keeps-no-predicate-apart", [("gleiche Dichte",)], "Die Dichte ist eigentlich gleich.", "1"),
    ("mal-is-a-word", [("Masse mal Beschleunigung",)], "Die Kraft ist Masse durch Beschleunigung.", "0"),
    # a separable verb's infinitive with "zu" inside is the verb; nouns in -zug stay
    ("zu-infinitive", [("Wärme abgeben",)], "Der Ofen dient dazu, Wärme abzugeben.", "1"),
    ("zu-infinitive-frei", [("Energie freisetzen",)], "Um Energie freizusetzen, brennt das Holz.", "1"),
    ("zug-noun-is-no-infinitive", [("ziehen",)], "Im Aufzug ist es eng.", "0"),
    ("zu-infinitive-denied", [("Wärme abgeben",)], "Statt Wärme abzugeben, speichert der Stein sie.", "n"),
    # "nicht X V, sondern Y": the verb ending X is said of Y too
    ("sondern-shares-the-verb", [("Wüste",), ("Steppe",), ("Kamele leben",)],
     "Kamele leben nicht in der Steppe, sondern in der Wüste.", "1n1"),
    ("sondern-shares-the-participle", [("Wüste gezüchtet",), ("Steppe",)],
     "Die Kamele werden nicht in der Steppe gezüchtet, sondern in der Wüste.", "1n"),
    # "nicht X, sondern" and a predicate of its own: the clause before is denied, not only X
    ("sondern-auxiliary", [("Mond leuchtet",)], "Der Mond leuchtet nicht etwa selbst, sondern wird angestrahlt.", "n"),
    ("sondern-verb-and-object", [("Wal frisst",)], "Der Wal frisst nicht große Fische, sondern filtert das Wasser.", "n"),
    ("sondern-adverb-keeps-the-verb", [("Galle spaltet Fett",)], "Die Galle spaltet Fett nicht schnell, sondern langsam.", "1"),
    # "doppelte X, halbe Y" is an inverse relation: the doubling is not growth in step
    ("double-then-half", [("doppelte Masse",)], "Bei gleicher Kraft gilt: doppelte Masse, halbe Beschleunigung.", "n"),
    ("verdoppelt-halbiert", [("verdoppelt",)], "Verdoppelt man die Strecke, halbiert sich die Zeit.", "n"),
    ("double-then-double", [("doppelte Masse",)], "Doppelte Masse, doppeltes Gewicht.", "1"),
    ("half-in-the-next-sentence", [("doppelte Masse",)], "Doppelte Masse, doppeltes Gewicht. Die halbe Masse wiegt weniger.", "1"),
    # a compound ending in a short noun in -t is that noun, not a verb's -t form ("Sonnenlicht" is no "Sonne")
    ("compound-licht-is-licht", [("Licht",)], "Die Tomaten wachsen unter Kunstlicht im Keller.", "1"),
    ("compound-licht-not-sonne", [("Sonne",)], "Die Tomaten brauchen Sonnenlicht.", "0"),
    ("sonne-not-sonnenlicht", [("Sonnenlicht",)], "Die Sonne scheint auf den Hang.", "0"),
    ("compound-blatt", [("Blatt",)], "Jedes Laubblatt der Buche färbt sich im Herbst.", "1"),
    ("compound-luft", [("Luft",)], "Der Reifen wird mit Druckluft gefüllt.", "1"),
    ("compound-zeit", [("Zeit",)], "Die Halbwertszeit des Isotops ist kurz.", "1"),
    ("compound-punkt", [("Punkt",)], "Am Siedepunkt verdampft das Wasser.", "1"),
    ("compound-kraft", [("Kraft",)], "Der Arm hebt die Kiste mit Muskelkraft.", "1"),
    ("t-form-still-a-verb", [("beleuchten",), ("verbrauchen",)], "Die Lampe beleuchtet den Flur und verbraucht Strom.", "11"),
]


def test_an_equals_sign_between_words_cuts_the_clause_for_not_with() -> None:
    """"mehr Druck = weniger Luft" states "weniger Luft", not "mehr Luft" (the `not_with`)."""
    concept = Concept(name="c", keywords=["mehr Druck"], requires=["weniger"], not_with=["mehr Luft"])
    answer = "kurz: mehr Druck = weniger Luft im Reifen"
    assert [verdict.hit for verdict in grade_answer(answer, [concept], language="de").concepts] == [True]
    said = "mehr Druck gibt mehr Luft im Reifen"
    assert [verdict.hit for verdict in grade_answer(said, [concept], language="de").concepts] == [False]


EVAPORATION = [Concept(name="c", keywords=["Salz"], requires=["Wasser"])]


@pytest.mark.parametrize(("answer", "expected"), [
    ("Die Sonne lässt Salz und Wasser zurück.", True),
    ("die sonne lässt salz und wasser zurück", True),  # written without capitals
    ("Aus Salz und Wasser entsteht Sole.", True),  # after a preposition the verb may follow
    ("Im Meer bleibt Salz und das klare Wasser verdunstet.", False),  # a clause: the verb follows the noun
    ("Im Meer bleibt Salz und Wasser wird zu Dampf.", False),
    ("Die Sonne lässt Salz zurück und das Wasser verdunstet.", False),
    ("Es entsteht Salz, und als Rest bleibt Wasser.", False),
    # two predicates of one subject: "und" and then a verb (written small)
    ("Die Sonne lässt Salz zurück und verdunstet das Wasser.", True),
    ("die sonne lässt salz zurück und verdunstet das wasser", False),  # without capitals: not told apart
    # the two nouns open the clause: its subject, whatever verb follows
    ("Salz und Wasser bleiben im Becken zurück.", True),
    ("Das Salz und das Wasser werden getrennt.", True),
    ("Es bleibt Salz. Wasser und Dampf steigen auf.", False),
], ids=["nouns", "lower-case", "after-preposition", "clause-with-article", "clause-with-verb", "clause-after-verb",
        "clause-after-comma", "predicates", "predicates-lower-case", "subject", "subject-with-articles",
        "subject-of-another-sentence"])
def test_und_between_nouns_keeps_a_required_word_in_the_clause(answer: str, expected: bool) -> None:
    """The `requires` word stands in the keyword's clause when "und" joins two nouns, not two clauses."""
    assert grade_answer(answer, EVAPORATION, language="de").concepts[0].hit is expected


@pytest.mark.parametrize(("answer", "expected"), [
    ("Die Zelle gibt CO2 und H2O ab.", True),
    ("Die Zelle gibt CO2 und H2O an die Luft ab.", True),
    ("Die Zelle gibt CO2 ab und H2O entsteht.", False),
], ids=["particle-after-formula", "preposition-after-formula", "clause"])
def test_a_formula_written_in_pieces_is_one_noun(answer: str, expected: bool) -> None:
    """"H2O" is cut into "h", "2", "o" without a gap between: one noun, so what follows it decides."""
    concepts = [Concept(name="c", keywords=["CO2"], requires=["H2O"])]
    assert grade_answer(answer, concepts, language="de").concepts[0].hit is expected


COMPARED = [Concept(name="c", keywords=["Eisen"], requires=["Nebenprodukt"])]


@pytest.mark.parametrize(("answer", "expected"), [
    ("Als Nebenprodukt entsteht Eisen.", True),  # "als" is "as": no cut
    ("Es entsteht Eisen als Nebenprodukt.", True),
    ("Es entsteht mehr Eisen als Nebenprodukt.", False),  # after a comparative: "than", a cut
    ("Eisen ist schwerer als jedes Nebenprodukt.", False),
], ids=["als-as-first", "als-as-after", "als-than-mehr", "als-than-comparative"])
def test_als_cuts_a_clause_only_after_a_comparative(answer: str, expected: bool) -> None:
    assert grade_answer(answer, COMPARED, language="de").concepts[0].hit is expected


SEASONS = [Concept(name="Im Sommer steht die Sonne hoch", keywords=["Sonne hoch"]),
           Concept(name="Im Winter sind die Tage kurz", keywords=["Tage kurz"]),
           Concept(name="Bei Regen ist die Straße nass", keywords=["Straße nass"])]
PRESSURE = [Concept(name="Im Hochdruckgebiet sinkt die Luft ab", keywords=["Luft sinkt"]),
            Concept(name="Im Tiefdruckgebiet steigt die Luft auf", keywords=["Luft steigt"])]


@pytest.mark.parametrize(("concepts", "answer", "expected"), [
    (SEASONS, "Im Sommer steht die Sonne hoch, im Winter sind die Tage kurz.", "110"),
    (SEASONS, "Die Sonne steht hoch und die Tage sind kurz.", "110"),
    # the settings swapped: each concept's keyword stands in a clause framed in the other's
    (SEASONS, "Im Winter steht die Sonne hoch, und im Sommer sind die Tage kurz.", "000"),
    # another concept's setting in a clause of its own (a comma between) voids nothing
    (SEASONS, "Bei Regen ist die Straße nass, im Sommer steht die Sonne hoch.", "101"),
    # two compounds with one last part: the other's first part names it too ("im Tief")
    (PRESSURE, "Im Hoch sinkt die Luft ab, im Tief steigt die Luft auf.", "11"),
    (PRESSURE, "Im Tief sinkt die Luft ab, im Hoch steigt die Luft auf.", "00"),
], ids=["settings-kept", "no-settings", "settings-swapped", "settings-in-their-own-clauses", "compound-parts", "compound-parts-swapped"])
def test_a_concept_framed_in_a_setting(concepts: list[Concept], answer: str, expected: str) -> None:
    graded = grade_answer(answer, concepts, language="de").concepts
    assert "".join("1" if verdict.hit else "0" for verdict in graded) == expected


def test_a_synonym_shows_the_answers_word() -> None:
    """The member sees which of their words earned the concept, not the card's keyword."""
    verdict = grade_answer("Zum Schluss zusammenzählen!", [Concept(name="c", keywords=["addieren"])],
                           language="de").concepts[0]
    assert (verdict.hit, verdict.matched, verdict.keyword) == (True, "zusammenzahlen", "addieren")


def test_the_thesaurus_is_read_only_for_a_german_card() -> None:
    """English grading, and importing the German rules, leave the table unread (it costs memory)."""
    script = (
        "from bot.core.deck import Concept\n"
        "from bot.core.grading import grade_answer\n"
        "from bot.core.languages import rules_for\n"
        "from bot.core.languages.thesaurus import GERMAN\n"
        "rules_for('de')\n"
        "grade_answer('It adds the values.', [Concept(name='c', keywords=['add'])])\n"
        "before = GERMAN.loaded()\n"
        "grade_answer('Man addiert.', [Concept(name='c', keywords=['addieren'])], language='de')\n"
        "print(before, GERMAN.loaded())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.split() == ["False", "True"]


def test_a_formula_shows_as_written() -> None:
    """The member sees the formula they wrote, spaces and signs as typed."""
    concept = Concept(name="c", keywords=["F = m · a"])
    verdict = grade_answer("Es gilt F=a*m, immer.", [concept], language="de").concepts[0]
    assert (verdict.hit, verdict.matched) == (True, "F=a*m")


@pytest.mark.parametrize(("keywords", "answer", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_exact_verdicts(keywords: list[tuple[str, ...]], answer: str, expected: str) -> None:
    assert verdicts(keywords, answer) == expected
