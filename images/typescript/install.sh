#!/usr/bin/env bash
# The typescript layer needs nothing installed as root: Node.js and the npm globals are
# installed per user by mino-bootstrap from [user_install] in layer.toml. A script made only
# of comments counts as "no script", so this layer never forces an image build.
