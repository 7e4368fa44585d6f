#!/usr/bin/env python3
"""Derives the s21 confidence calibration from measured similarity distributions.

Reads `facectl embed --json` lines (one per photo), labels every face with an
identity (identities.tsv), forms all genuine (same identity) and impostor
(different identities) pairs, fits a normal distribution to the impostor
cosines, and places the confidence knots:

    cosine  mu - 4 sigma -> 0,  mu -> 50,
            the cosine where the fitted impostor false-accept rate is
            1e-3 -> 75, 1e-4 -> 80, 1e-5 -> 85, 1e-6 -> 90,
            1.0 -> 100.

Prints a report and the knots; with --manifest PATH, writes them into the
manifest's calibration.confidence_knots. Standard library only.
"""
import argparse
import fnmatch
import itertools
import json
import os
import statistics
import sys

FALSE_ACCEPT_RATES = [(1e-3, 75.0), (1e-4, 80.0), (1e-5, 85.0), (1e-6, 90.0)]


def load_identities(path):
    rules = []
    with open(path) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                pattern, identity = line.rstrip("\n").split("\t")
                rules.append((pattern, identity))
    return rules


def identity_of(name, face_index, rules):
    for pattern, identity in rules:
        if fnmatch.fnmatch(name, pattern):
            if identity == "-":
                return None
            return f"{name}#{face_index}" if identity == "*" else identity
    return name


def labelled_faces(lines, rules):
    faces = []
    for line in lines:
        record = json.loads(line)
        name = os.path.basename(record["image"])
        for index, face in enumerate(record["faces"]):
            identity = identity_of(name, index, rules)
            # A photo of one person may show bystanders: only its largest face counts.
            if identity is not None and (index == 0 or "#" in identity):
                faces.append((identity, name, face["embedding"]))
    return faces


def cosine(a, b):
    return sum(x * y for x, y in zip(a, b))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("embeddings", help="facectl embed --json output")
    parser.add_argument("--identities", default=os.path.join(os.path.dirname(__file__), "identities.tsv"))
    parser.add_argument("--manifest", help="write the knots into this manifest.json")
    args = parser.parse_args()

    faces = labelled_faces(open(args.embeddings), load_identities(args.identities))
    genuine, impostor = [], []
    genuine_by_identity = {}
    for (id_a, _, a), (id_b, _, b) in itertools.combinations(faces, 2):
        score = cosine(a, b)
        if id_a == id_b:
            genuine.append(score)
            genuine_by_identity.setdefault(id_a, []).append(score)
        else:
            impostor.append(score)
    identities = {identity for identity, _, _ in faces}
    if not genuine or len(impostor) < 2:
        sys.exit("calibrate: need genuine and impostor pairs")

    mu, sigma = statistics.fmean(impostor), statistics.pstdev(impostor)
    normal = statistics.NormalDist()
    thresholds = [(rate, confidence, mu + normal.inv_cdf(1 - rate) * sigma) for rate, confidence in FALSE_ACCEPT_RATES]
    knots = [[round(mu - 4 * sigma, 4), 0.0], [round(mu, 4), 50.0]]
    knots += [[round(c, 4), confidence] for _, confidence, c in thresholds] + [[1.0, 100.0]]
    if any(a[0] >= b[0] for a, b in zip(knots, knots[1:])):
        sys.exit(f"calibrate: knots are not increasing: {knots}")

    print(f"faces: {len(faces)} of {len(identities)} identities; "
          f"pairs: {len(genuine)} genuine, {len(impostor)} impostor")
    print(f"impostor cosine: mean {mu:.4f}, sd {sigma:.4f}, max {max(impostor):.4f}")
    print(f"genuine cosine: mean {statistics.fmean(genuine):.4f}, min {min(genuine):.4f}")
    print("| FAR (fitted) | cosine | confidence | impostor pairs above (measured) | genuine pairs above |")
    print("|---|---|---|---|---|")
    for rate, confidence, c in thresholds:
        above_impostor = sum(s > c for s in impostor)
        above_genuine = sum(s > c for s in genuine)
        print(f"| {rate:g} | {c:.4f} | {confidence:g} | {above_impostor}/{len(impostor)} "
              f"| {above_genuine}/{len(genuine)} ({above_genuine / len(genuine):.1%}) |")
    print("genuine pairs above the 1e-3 cosine, per identity:")
    for identity, scores in sorted(genuine_by_identity.items()):
        passed = sum(s > thresholds[0][2] for s in scores)
        print(f"  {identity}: {passed}/{len(scores)} (min cosine {min(scores):.4f})")
    print("confidence_knots:", json.dumps(knots))

    if args.manifest:
        with open(args.manifest) as f:
            manifest = json.load(f)
        manifest["calibration"]["confidence_knots"] = knots
        with open(args.manifest, "w") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")
        print(f"written to {args.manifest}")


if __name__ == "__main__":
    main()
