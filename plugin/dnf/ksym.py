# SPDX-License-Identifier: GPL-2.0-or-later
"""ksym: install kmods that the kernel can load, and kernels that can load
the installed kmods.

The decisions come from libksym through the _ksym extension: whether a
kernel, with the kmods built for it, meets every kernel() and ksym()
requirement of a kmod. This file only chooses the target kernel, applies
the policy and steers dnf's solve with excludes and installs in the sack()
hook. It never writes the rpm database.
"""

import logging
import os
import time

import dnf
import dnf.cli
import dnf.exceptions
import dnf.subject
import hawkey

try:
    from . import _ksym
    _IMPORT_ERROR = None
except ImportError as e:  # the warning is given once, in sack()
    _ksym = None
    _IMPORT_ERROR = e

logger = logging.getLogger('dnf.plugin')

POLICIES = ('hold', 'warn', 'allow')
INSTALL_COMMANDS = ('install', 'reinstall')
UPGRADE_COMMANDS = ('upgrade', 'upgrade-minimal', 'distro-sync')
SHORT_WHY = 5

DEFAULTS = {
    'policy': 'hold',
    'strict': '0',
    'kernel': '',
    'kernels': '',
    'kmods': '',
}


def _bool(value):
    return str(value).strip().lower() in ('1', 'yes', 'true', 'on')


class Settings(object):
    """ksym.conf's [main], then --setopt=ksym.NAME=VALUE on top."""

    def __init__(self, parser, setopts):
        values = dict(DEFAULTS)
        if parser is not None and parser.has_section('main'):
            for name in DEFAULTS:
                if parser.has_option('main', name):
                    values[name] = parser.get('main', name)
        for name, vals in (setopts or {}).items():
            if name in DEFAULTS and vals:
                values[name] = vals[-1]
        self.policy = values['policy'].strip().lower()
        if self.policy not in POLICIES:
            raise dnf.exceptions.ConfigError(
                "ksym: error: unknown policy '%s': expected hold, warn or allow"
                % self.policy)
        self.strict = _bool(values['strict'])
        self.kernel = values['kernel'].strip()
        self.kernels = values['kernels'].strip()
        self.kmods = values['kmods'].strip()


def kernel_release(pkg):
    """The release as uname -r spells it for rpm kernels: version-release.arch."""
    return '%s-%s.%s' % (pkg.version, pkg.release, pkg.arch)


def kernel_matches(pkg, wanted):
    names = (kernel_release(pkg), '%s-%s' % (pkg.version, pkg.release),
             str(pkg), '%s-%s-%s' % (pkg.name, pkg.version, pkg.release))
    if wanted in names:
        return True
    return any(str(p) == 'kernel-uname-r = %s' % wanted for p in pkg.provides)


class Model(object):
    """What the engine says about the packages dnf sees."""

    def __init__(self, sack, settings):
        self.sack = sack
        first = _ksym.Solver(sack, None, settings.kernels, settings.kmods)
        cands = [hawkey.Package((sack, i))
                 for i in first.kernel_packages() + first.kmods()]
        visible = sack.query().filterm(pkg=cands) if cands else []
        self.pkgs = dict((hash(p), p) for p in visible)
        self.solver = _ksym.Solver(sack, sorted(self.pkgs), settings.kernels,
                                   settings.kmods)
        self.kernels = [self.pkgs[i] for i in self.solver.kernels()]
        self.kmods = [self.pkgs[i] for i in self.solver.kmods()]
        # the parts of split kernels (kernel-modules beside kernel-core)
        self._parts = {}
        for i in self.solver.kernel_packages():
            head = self.solver.kernel_of(i)
            if head and head != i and head in self.pkgs:
                self._parts.setdefault(head, []).append(self.pkgs[i])
        self._loads = {}

    def parts(self, kernel):
        """The other packages of a split kernel."""
        return self._parts.get(hash(kernel), [])

    def newest_first(self, pkgs):
        def key(a, b):
            return self.sack.evr_cmp(b.evr, a.evr) or (hash(a) - hash(b))
        import functools
        return sorted(pkgs, key=functools.cmp_to_key(key))

    def loads(self, kmod, kernel):
        k = (hash(kmod), hash(kernel))
        if k not in self._loads:
            self._loads[k] = self.solver.loads(*k)
        return self._loads[k]

    def kernels_loading(self, kmod, kernels):
        return [k for k in kernels if self.loads(kmod, k)]

    def check(self, kmod, kernel):
        ok, helpers, unmet = self.solver.check(hash(kmod), hash(kernel))
        return ok, [self.pkgs[h] for h in helpers], unmet

    def installed_kernels(self):
        return [k for k in self.kernels if k.installed]

    def kmod_names(self, installed=True):
        return sorted(set(m.name for m in self.kmods if m.installed == installed))

    def builds(self, name):
        return self.newest_first([m for m in self.kmods if m.name == name])


def format_unmet(unmet, kernel, limit=None):
    """Lines naming each mismatched symbol with wanted and offered CRC."""
    lines = []
    shown = unmet if limit is None else unmet[:limit]
    for dep, wanted, offered, _by in shown:
        if offered is None:
            lines.append('  %s: wants %s, %s offers none' % (dep, wanted, kernel))
        else:
            lines.append('  %s: wants %s, %s offers %s' % (dep, wanted, kernel, offered))
    if limit is not None and len(unmet) > limit:
        lines.append('  ... and %d more' % (len(unmet) - limit))
    return lines


def explain(model, kmod, kernel, limit=None):
    ok, helpers, unmet = model.check(kmod, kernel)
    if ok:
        line = '%s loads into %s' % (kmod, kernel)
        if helpers:
            line += ' with ' + ', '.join(str(h) for h in helpers)
        return [line]
    n = len(unmet)
    head = '%s cannot load into %s: %d symbol%s differ%s' % (
        kmod, kernel, n, '' if n == 1 else 's', 's' if n == 1 else '')
    return [head] + format_unmet(unmet, kernel, limit)


def target_kernel(base, model, settings):
    """The named kernel, else the newest installed in an install root, else
    the running one (newest installed when it is not packaged)."""
    if settings.kernel:
        for k in model.newest_first(model.kernels):
            if kernel_matches(k, settings.kernel):
                return k
        raise dnf.exceptions.Error(
            "ksym: error: no kernel package '%s' is installed or available"
            % settings.kernel)
    installed = model.newest_first(model.installed_kernels())
    if not installed:
        return None
    if base.conf.installroot in ('', '/'):
        running = os.uname().release
        for k in installed:
            if kernel_matches(k, running):
                return k
    return installed[0]


class Plan(object):
    """Everything the plugin will do, computed before anything is done."""

    def __init__(self):
        self.excludes = []
        self.installs = []
        self.warnings = []
        self.error = None


def spec_matches(sack, spec):
    subj = dnf.subject.Subject(spec)
    return subj.get_best_query(sack, with_provides=False, with_filenames=False,
                               with_src=False).run()


def plan_hold(model, kernel, settings, plan, verb):
    """The installed kmods that kernel loads no build of, with the reasons."""
    missing = []
    for name in model.kmod_names(installed=True):
        if not any(model.loads(m, kernel) for m in model.builds(name)):
            missing.append(name)
    lines = []
    for name in missing:
        newest = model.builds(name)[0]
        lines.append('ksym: %s has no build that %s can load' % (name, kernel))
        lines += ['ksym: ' + l for l in explain(model, newest, kernel, SHORT_WHY)]
    return missing, lines


def plan_builds_for(model, kernel, plan):
    """For each installed kmod, the build kernel can load, when it needs one."""
    for name in model.kmod_names(installed=True):
        builds = model.builds(name)
        if any(m.installed and model.loads(m, kernel) for m in builds):
            continue
        for m in builds:
            if m.installed or not model.loads(m, kernel):
                continue
            ok, helpers, _unmet = model.check(m, kernel)
            plan.installs.append(m)
            plan.installs += [h for h in helpers if not h.installed]
            break


def plan_transaction(base, model, settings, command, specs):
    plan = Plan()
    sack = model.sack
    kernel_ids = set(hash(k) for k in model.kernels)
    kmod_ids = set(hash(m) for m in model.kmods)
    installed = model.installed_kernels()
    target = target_kernel(base, model, settings)

    named_kernels, named_kmods = [], []
    for spec in specs:
        matches = [p for p in spec_matches(sack, spec) if not p.installed]
        kernels = [p for p in matches if hash(p) in kernel_ids]
        if kernels:
            named_kernels.append(model.newest_first(kernels)[0])
        kmods = [p for p in matches if hash(p) in kmod_ids]
        if kmods:
            named_kmods.append((spec, kmods))

    new = []
    if command in UPGRADE_COMMANDS and (not specs or named_kernels):
        names = set(k.name for k in installed)
        if specs:
            names = set(k.name for k in named_kernels)
        for name in sorted(names):
            have = model.newest_first([k for k in installed if k.name == name])
            cands = [k for k in model.kernels if k.name == name and not k.installed
                     and (not have or sack.evr_cmp(k.evr, have[0].evr) > 0)]
            for k in model.newest_first(cands):
                missing, lines = plan_hold(model, k, settings, plan, 'upgrade')
                if missing and settings.policy == 'hold':
                    plan.warnings.append('ksym: holding back %s' % k)
                    plan.warnings += lines
                    continue
                if missing and settings.policy == 'warn':
                    plan.warnings += lines
                    plan.warnings.append('ksym: installing %s anyway (policy=warn)' % k)
                new.append(k)
                break
    elif command in INSTALL_COMMANDS:
        for k in named_kernels:
            missing, lines = plan_hold(model, k, settings, plan, 'install')
            if missing and settings.policy == 'hold':
                plan.error = '\n'.join(
                    ['ksym: error: %s is held back: %s ha%s no build for it'
                     % (k, ', '.join(missing), 's' if len(missing) == 1 else 've')]
                    + lines + ["ksym: hint: use --setopt=ksym.policy=warn to "
                               "install it anyway"])
                return plan
            if missing and settings.policy == 'warn':
                plan.warnings += lines
            new.append(k)

    for k in new:
        plan_builds_for(model, k, plan)

    # kernels: none is pulled in or downgraded for a kmod
    keep = set(hash(k) for k in new + named_kernels)
    for k in model.kernels:
        if not k.installed and hash(k) not in keep:
            plan.excludes += [k] + [p for p in model.parts(k) if not p.installed]

    # kmod builds: only those a kernel of the outcome can load
    if command in INSTALL_COMMANDS:
        allowed = ([target] if target else []) + new
    else:
        allowed = installed + new
    for m in model.kmods:
        if m.installed or m in plan.installs:
            continue
        if not model.kernels_loading(m, allowed):
            plan.excludes.append(m)

    excluded = set(hash(p) for p in plan.excludes)
    for spec, kmods in named_kmods:
        if any(hash(m) not in excluded for m in kmods):
            continue
        plan.error = why_short(model, spec, kmods, allowed or installed)
        return plan
    return plan


def why_short(model, spec, kmods, kernels):
    """The short form of 'dnf kmod why' for a kmod that cannot be installed."""
    newest = model.newest_first(kmods)[0]
    if not kernels:
        return ("ksym: error: cannot install '%s': no kernel is installed\n"
                "ksym: hint: install a kernel first" % spec)
    kernel = kernels[0]
    lines = ["ksym: error: cannot install '%s': no build of it can load into %s"
             % (spec, ', '.join(str(k) for k in kernels))]
    lines += ['ksym: ' + l for l in explain(model, newest, kernel, SHORT_WHY)]
    lines.append("ksym: hint: 'dnf kmod why %s' lists every symbol" % newest.name)
    return '\n'.join(lines)


class Ksym(dnf.Plugin):
    """Steers dnf so that kernels and kmods fit each other."""

    name = 'ksym'

    def __init__(self, base, cli):
        super(Ksym, self).__init__(base, cli)
        self.settings = None
        self.model = None
        if cli is not None:
            cli.register_command(KmodCommand)

    def config(self):
        setopts = {}
        if self.cli is not None and self.cli.command is not None:
            opts = getattr(self.cli.command, 'opts', None)
            setopts = (getattr(opts, 'repo_setopts', None) or {}).get('ksym', {})
        try:
            parser = self.read_config(self.base.conf)
        except dnf.exceptions.ConfigError:
            parser = None
        self.settings = Settings(parser, setopts)

    def _fail(self, err):
        if self.settings is not None and self.settings.strict:
            raise dnf.exceptions.Error('ksym: error: %s' % err)
        logger.warning('ksym: warning: %s; carrying on without the plugin', err)

    def sack(self):
        if self.cli is None or self.cli.command is None or self.settings is None:
            return
        command = self.cli.command.aliases[0]
        if command not in INSTALL_COMMANDS + UPGRADE_COMMANDS + ('kmod',):
            return
        if _ksym is None:
            return self._fail('cannot load the _ksym extension: %s' % _IMPORT_ERROR)
        start = time.monotonic()
        try:
            self.model = Model(self.base.sack, self.settings)
            if command == 'kmod':
                return
            specs = list(getattr(self.cli.command.opts, 'pkg_specs', None) or [])
            plan = plan_transaction(self.base, self.model, self.settings,
                                    command, specs)
        except dnf.exceptions.Error:
            raise
        except Exception as e:
            logger.debug('ksym: internal error', exc_info=True)
            return self._fail('internal error: %s' % e)

        if plan.error:
            raise dnf.exceptions.Error(plan.error)
        for line in plan.warnings:
            logger.warning(line)
        if plan.excludes:
            self.base.sack.add_excludes(plan.excludes)
        for pkg in plan.installs:
            logger.info('ksym: installing %s for the new kernel', pkg)
            self.base.package_install(pkg, strict=False)
        logger.debug('ksym: %d kernels, %d kmods, %d excluded, %d added in %.0f ms',
                     len(self.model.kernels), len(self.model.kmods), len(plan.excludes),
                     len(plan.installs), (time.monotonic() - start) * 1000)


class KmodCommand(dnf.cli.Command):
    """dnf kmod list | check [PKG...] | why PKG [--kernel RELEASE]"""

    aliases = ('kmod',)
    summary = 'show which kernels can load which kmods'

    @staticmethod
    def set_argparser(parser):
        parser.add_argument('subcommand', choices=('list', 'check', 'why'))
        parser.add_argument('packages', nargs='*', metavar='PKG')
        parser.add_argument('--kernel', metavar='RELEASE',
                            help='the kernel to explain against')

    def configure(self):
        demands = self.cli.demands
        demands.sack_activation = True
        demands.available_repos = self.opts.subcommand != 'list'

    def _model(self):
        for plugin in self.base._plugins.plugins:
            if isinstance(plugin, Ksym) and plugin.model is not None:
                return plugin.model, plugin.settings
        raise dnf.exceptions.Error('ksym: error: the ksym plugin is not active')

    def _kmods(self, model, installed_only=False):
        kmods = model.kmods
        if installed_only:
            kmods = [m for m in kmods if m.installed]
        if not self.opts.packages:
            return kmods
        ids = set()
        for spec in self.opts.packages:
            ids.update(hash(p) for p in spec_matches(model.sack, spec))
        kmods = [m for m in kmods if hash(m) in ids]
        if not kmods:
            raise dnf.exceptions.Error('ksym: error: no kmod matches %s' % ', '.join(
                "'%s'" % s for s in self.opts.packages))
        return kmods

    def run(self):
        model, settings = self._model()
        if self.opts.subcommand == 'list':
            kernels = model.newest_first(model.installed_kernels())
            for m in sorted(self._kmods(model, True), key=str):
                loading = model.kernels_loading(m, kernels)
                print('%s: %s' % (m, ' '.join(str(k) for k in loading) or
                                  '(no installed kernel)'))
        elif self.opts.subcommand == 'check':
            kernels = model.newest_first(model.kernels)
            seen = set()
            for m in sorted(self._kmods(model), key=str):
                if str(m) in seen:
                    continue
                seen.add(str(m))
                loading = []
                for k in model.kernels_loading(m, kernels):
                    if str(k) not in loading:
                        loading.append(str(k))
                print('%s: %s' % (m, ' '.join(loading) or '(no kernel)'))
        else:
            self._why(model, settings)

    def _why(self, model, settings):
        if len(self.opts.packages) != 1:
            raise dnf.cli.CliError("ksym: error: 'dnf kmod why' takes one PKG")
        if self.opts.kernel:
            settings.kernel = self.opts.kernel
        kernel = target_kernel(self.base, model, settings)
        if kernel is None:
            raise dnf.exceptions.Error(
                'ksym: error: no kernel is installed\n'
                'ksym: hint: name one with --kernel RELEASE')
        kmods = self._kmods(model)
        seen = set()
        for m in model.newest_first(kmods):
            if str(m) in seen:
                continue
            seen.add(str(m))
            for line in explain(model, m, kernel):
                print(line)
