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
PARAMETERS = {'comparisons': {'agency': [{'level': 'same',
                             'm': 0.19339418242059908,
                             'u': 0.2000601185549291},
                            {'level': 'different',
                             'm': 0.8066058175794009,
                             'u': 0.7999398814450709}],
                 'dob': [{'level': 'exact',
                          'm': 0.8073568575428237,
                          'u': 7.76234104452976e-05},
                         {'level': 'swap',
                          'm': 0.0108323966650247,
                          'u': 2.103410794473351e-05},
                         {'level': 'slip',
                          'm': 0.09155965440287403,
                          'u': 0.0018203357830831703},
                         {'level': 'approximate',
                          'm': 0.0011207321014057923,
                          'u': 0.008197050149728557},
                         {'level': 'same_year',
                          'm': 0.0009993490286395216,
                          'u': 0.016984934088892446},
                         {'level': 'different',
                          'm': 0.0881310102592322,
                          'u': 0.9728990224599058}],
                 'family': [{'level': 'exact',
                             'm': 0.8723102480789744,
                             'u': 0.01893482255739583},
                            {'level': 'similar',
                             'm': 0.07719859776742033,
                             'u': 0.0017519915012368856},
                            {'level': 'phonetic',
                             'm': 0.0166842207847437,
                             'u': 0.0016130652899954787},
                            {'level': 'part',
                             'm': 0.0009993338703392527,
                             'u': 0.00044665683720158223},
                            {'level': 'different',
                             'm': 0.032807599498522404,
                             'u': 0.9772534638141702}],
                 'given': [{'level': 'exact',
                            'm': 0.7876249309127257,
                            'u': 0.012661691315025859},
                           {'level': 'nickname',
                            'm': 0.065791219582261,
                            'u': 0.0031966714278086053},
                           {'level': 'similar',
                            'm': 0.07167711596462496,
                            'u': 0.001213224586486124},
                           {'level': 'phonetic',
                            'm': 0.012373448818023833,
                            'u': 0.008528491405926915},
                           {'level': 'initial',
                            'm': 0.0009990847388700527,
                            'u': 1.683210325842625e-06},
                           {'level': 'different',
                            'm': 0.061534199983494485,
                            'u': 0.9743982380544267}],
                 'household': [{'level': 'address',
                                'm': 0.5977604366201359,
                                'u': 8.332614815081968e-05},
                               {'level': 'postcode',
                                'm': 0.108769047581637,
                                'u': 8.13237537025192e-06},
                               {'level': 'street',
                                'm': 0.08918248203863799,
                                'u': 0.00017290656581050794},
                               {'level': 'sector',
                                'm': 0.005209108868318001,
                                'u': 0.0007884802282665797},
                               {'level': 'different',
                                'm': 0.19907892489127105,
                                'u': 0.9989471546824019}],
                 'identifier': [{'level': 'exact',
                                 'm': 0.99,
                                 'u': 9.99996080581465e-07},
                                {'level': 'conflicting',
                                 'm': 0.01,
                                 'u': 0.9999990000039195}],
                 'sex': [{'level': 'agree',
                          'm': 0.9888466249484469,
                          'u': 0.5041286826517731},
                         {'level': 'different',
                          'm': 0.011153375051553092,
                          'u': 0.4958713173482268}]},
 'data_fingerprint': 'sha256:4e4ebd4f720cc0e2a1d234f7c6165042f76fa3b5da3ed18e5232c24da55bb5b1',
 'format': 2,
 'link_threshold': 0.999,
 'prior': 1.778518826563985e-05,
 'relatives': {'namesakes': 0.08208955223880597, 'unnamed': 0.05761112490687857},
 'review_threshold': 0.5,
 'seed': 0,
 'term_frequencies': {},
 'trained_at': '2026-11-21T00:00:00+00:00',
 'training': {'data': 'synthetic.records(30000, seed=2026)',
              'em_iterations': [10, 17],
              'estimated_matches': 8003,
              'namesakes_pairs': 4019,
              'patterns': [453, 208],
              'random_pairs': 300000,
              'records': 30000,
              'same_birth_date_pairs': 35535,
              'same_name_pairs': 116195,
              'seconds': None,
              'unnamed_pairs': 4026},
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
    body = pprint.pformat(trained, width=99 - len("PARAMETERS = "), sort_dicts=True)
    Path(__file__).write_text(f"{head}PARAMETERS = {body}\n# fmt: on\n{tail}")
