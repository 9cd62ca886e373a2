#!/usr/bin/env python3
"""A stand-in for the procscope API that takes every report and answers 202: the agent's loop ships
to it while agent/bench/run.sh measures the agent's RSS and CPU. Usage: sink.py PORT"""
import http.server
import sys


class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
