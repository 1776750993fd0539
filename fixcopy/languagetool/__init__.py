"""fixcopy and LanguageTool, both ways.

- As a LanguageTool server (``fixcopy serve``): the protocol, pure (protocol.py: constants,
  errors, rule ids; request.py: parameters and annotated text; response.py: the answer;
  offsets.py: UTF-16 offsets), and the HTTP shell (server.py, check_queue.py; defaults.py
  for the command line).
- As a LanguageTool client (``languagetool = ...`` in the configuration): the detector
  (client.py) and which LanguageTool matches are garbles (mapping.py).

``fixcopy check --format languagetool-json`` is formats/languagetool_json.py, on request.py
and response.py.
"""
