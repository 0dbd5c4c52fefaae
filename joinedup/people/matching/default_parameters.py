"""Parameters shipped with the code, trained on synthetic people (see `training` in it).

Regenerate with `python -m joinedup.people.matching.default_parameters` after changing the
comparisons; a stored, activated version replaces it at run time.

They carry no term frequencies: the synthetic population's few names are not the real one's, and
a real name missing from them would count as rare (weighed up, and its one-letter variants taken
for slips rather than twins). `joinedup identity train` learns them from the people held.
Without them "Smith" agreeing weighs as much as "Quennell", so they link only at p >= 0.999,
not at the trained models' 0.99 (ADR 0007).
"""

# fmt: off
PARAMETERS = {'comparisons': {'agency': [{'level': 'same', 'm': 0.19337654926010894, 'u': 0.20006},
                            {'level': 'different', 'm': 0.8066234507398911, 'u': 0.79994}],
                 'dob': [{'level': 'exact', 'm': 0.8075158289247109, 'u': 9.198102360728349e-05},
                         {'level': 'swap', 'm': 0.010834402200795994, 'u': 2.1226390063219266e-05},
                         {'level': 'slip', 'm': 0.09141642006366675, 'u': 0.0018219318137596536},
                         {'level': 'approximate',
                          'm': 0.0011213950572614107,
                          'u': 0.008196924296079839},
                         {'level': 'same_year',
                          'm': 0.0009993487769713453,
                          'u': 0.016984649782252614},
                         {'level': 'different',
                          'm': 0.08811260497659361,
                          'u': 0.9728832866942374}],
                 'family': [{'level': 'exact', 'm': 0.8723102480789744, 'u': 0.01895},
                            {'level': 'similar',
                             'm': 0.07719859776742033,
                             'u': 0.0017533333333333333},
                            {'level': 'phonetic',
                             'm': 0.0166842207847437,
                             'u': 0.0016133333333333334},
                            {'level': 'part',
                             'm': 0.0009993338703392527,
                             'u': 0.00044666666666666666},
                            {'level': 'different',
                             'm': 0.032807599498522404,
                             'u': 0.9772366666666666}],
                 'given': [{'level': 'exact', 'm': 0.7876249309127257, 'u': 0.012675474182141053},
                           {'level': 'nickname',
                            'm': 0.065791219582261,
                            'u': 0.003197784683631935},
                           {'level': 'similar',
                            'm': 0.07167711596462496,
                            'u': 0.0012144778000602137},
                           {'level': 'phonetic',
                            'm': 0.012373448818023833,
                            'u': 0.008528559789218362},
                           {'level': 'initial',
                            'm': 0.0009990847388700527,
                            'u': 1.7009492998042208e-06},
                           {'level': 'different',
                            'm': 0.061534199983494485,
                            'u': 0.9743820025956487}],
                 'household': [{'level': 'address',
                                'm': 0.5978194525709506,
                                'u': 9.395594808262755e-05},
                               {'level': 'postcode',
                                'm': 0.1087797625061345,
                                'u': 1.0066708723138666e-05},
                               {'level': 'street',
                                'm': 0.08919125939748496,
                                'u': 0.00017448961786773688},
                               {'level': 'sector',
                                'm': 0.005209545019853195,
                                'u': 0.0007885588499791955},
                               {'level': 'different',
                                'm': 0.1989999805055768,
                                'u': 0.9989329288753473}],
                 'identifier': [{'level': 'exact', 'm': 0.99, 'u': 1.4687954408589515e-05},
                                {'level': 'conflicting', 'm': 0.01, 'u': 0.9999853120455914}],
                 'sex': [{'level': 'agree', 'm': 0.9888466249437206, 'u': 0.5041373034516327},
                         {'level': 'different',
                          'm': 0.011153375056279549,
                          'u': 0.4958626965483673}]},
 'data_fingerprint': 'sha256:4e4ebd4f720cc0e2a1d234f7c6165042f76fa3b5da3ed18e5232c24da55bb5b1',
 'format': 2,
 'link_threshold': 0.999,
 'prior': 1.7781686989436416e-05,
 'review_threshold': 0.5,
 'seed': 0,
 'term_frequencies': {},
 'trained_at': '2026-11-21T00:00:00+00:00',
 'training': {'data': 'synthetic.records(30000, seed=2026)',
              'em_iterations': [10, 17],
              'estimated_matches': 8001,
              'patterns': [453, 208],
              'random_pairs': 300000,
              'records': 30000,
              'same_birth_date_pairs': 35535,
              'same_name_pairs': 116195,
              'seconds': None},
 'version': 0}
# fmt: on


if __name__ == "__main__":
    import csv
    import io
    import pprint
    from pathlib import Path

    from joinedup.people.matching import batch, synthetic, training

    rows, _truth = synthetic.records(30000, seed=2026)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=synthetic.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    buffer.seek(0)
    trained = training.train(batch.read_records(buffer), seed=0).to_dict()
    trained["term_frequencies"] = {}  # see the docstring
    trained["link_threshold"] = 0.999  # see the docstring
    trained["trained_at"] = "2026-11-21T00:00:00+00:00"
    trained["training"] |= {"data": "synthetic.records(30000, seed=2026)", "seconds": None}
    source = Path(__file__).read_text()
    head, _sep, rest = source.partition("PARAMETERS = ")
    _body, _sep, tail = rest.partition("\n# fmt: on\n")
    body = pprint.pformat(trained, width=99, sort_dicts=True)
    Path(__file__).write_text(f"{head}PARAMETERS = {body}\n# fmt: on\n{tail}")
