"""Words of science that take no synonyms from the Spanish thesaurus (bot/core/languages/thesaurus.py), for
bot/core/languages/spanish.py.

The names of chemical elements and of a few common substances are terms: what the thesaurus lists for
them are figurative or neighbouring senses, or words that share their stem ("oxígeno": "aire",
"respirar", "ventilar"; "carbono": "grafito", "mina"; "agua": "sobrio"; "vapor": "tenue"; "hierro":
"grillete"). A teacher accepts none of them for the term: "toma CO2 del aire" does not name oxygen, nor
does "respirar". Their formulas ("O2", spanish.py) still read as them. "glucosa" is not here: its
table words ("azúcar", "carbohidrato") are what a student writes for it.
"""

from __future__ import annotations

# elements a student names in biology, chemistry and earth science; then common substances and
# particles whose table senses are other words (spanish.py reads the words with `words_of`)
TERMS = ("oxígeno hidrógeno nitrógeno carbono azufre fósforo cloro sodio potasio calcio magnesio hierro cobre "
         "plomo plata oro mercurio helio neón argón yodo flúor silicio aluminio cinc zinc estaño litio "
         "agua sal vapor ácido átomo ozono")
