/*
 * Street by Street: the game's checks inside Tiled (1.8 scripting API).
 *
 * Tiled loads this file from the project's extensions folder (the "extensionsPath" of
 * maps/street-by-street.tiled-project, after you answer "Enable extensions" once).
 *
 * - On every save of a map, and from Map > "Validate with Street by Street" (Ctrl+Shift+V),
 *   it runs the game's validator, `python main.py validate --json MAP`, and lists each
 *   problem in the Issues panel (View > Views and Toolbars > Issues). Activating an issue
 *   selects the object it names, or centres the view on its tile.
 * - Map > "Play this map" (Ctrl+Shift+P) starts the game on the map in watch mode
 *   (`python main.py play MAP --watch`, detached): each save reloads the battle.
 *
 * The python is the game's .venv (the game found from this file's or the map's folder),
 * else `python3` (`python` on Windows); with no game folder found, the installed
 * `street-by-street` command.
 */

(function (global) {
    "use strict";

    var PREFIX = "Street by Street: ";
    var reported = []; // the issues of the last check: {severity, text}, for scripts and tests

    function issue(severity, text, onClick) {
        // An entry in the Issues panel; activating it runs onClick (when given).
        reported.push({ severity: severity, text: text });
        if (severity === "warning") {
            if (onClick) {
                tiled.warn(text, onClick);
            } else {
                tiled.warn(text);
            }
        } else if (onClick) {
            tiled.error(text, onClick);
        } else {
            tiled.error(text);
        }
    }

    function isWindows() {
        return tiled.platform === "windows";
    }

    function localPath(url) {
        // "file:///a/b.js" -> "/a/b.js" ("file:///C:/a/b.js" -> "C:/a/b.js")
        var path = decodeURIComponent(String(url).replace(/^file:\/\//, ""));
        if (/^\/[A-Za-z]:\//.test(path)) {
            path = path.substring(1);
        }
        return path;
    }

    function thisFile() {
        try {
            return localPath(new Error().fileName || "");
        } catch (e) {
            return "";
        }
    }

    var SCRIPT = thisFile();

    function isGameRoot(folder) {
        return (
            folder !== "" &&
            File.exists(FileInfo.joinPaths(folder, "main.py")) &&
            File.exists(FileInfo.joinPaths(folder, "game"))
        );
    }

    function upFrom(folder) {
        // The first folder at or above `folder` that holds the game (main.py and game/).
        for (var i = 0; i < 32 && folder; i++) {
            if (isGameRoot(folder)) {
                return folder;
            }
            var parent = FileInfo.path(folder);
            if (parent === folder) {
                break;
            }
            folder = parent;
        }
        return "";
    }

    function gameRoot(mapFile) {
        // The project file sits in maps/, the game one folder up; this extension sits in
        // maps/extensions/. Newer Tiled versions say where the project file is.
        var starts = [];
        if (typeof tiled.projectFilePath === "string" && tiled.projectFilePath) {
            starts.push(FileInfo.path(tiled.projectFilePath));
        }
        if (SCRIPT) {
            starts.push(FileInfo.path(SCRIPT));
        }
        if (mapFile) {
            starts.push(FileInfo.path(mapFile));
        }
        for (var i = 0; i < starts.length; i++) {
            var root = upFrom(starts[i]);
            if (root) {
                return root;
            }
        }
        return "";
    }

    function pythonFor(root) {
        var venv = isWindows()
            ? FileInfo.joinPaths(root, ".venv", "Scripts", "python.exe")
            : FileInfo.joinPaths(root, ".venv", "bin", "python");
        if (File.exists(venv)) {
            return venv;
        }
        return isWindows() ? "python" : "python3";
    }

    function gameCommand(fileName) {
        // How to run the game for a map: the game folder's python and main.py, or else the
        // installed command (`pip install .` / pipx puts `street-by-street` on the PATH).
        var root = gameRoot(fileName);
        if (root) {
            return {
                program: pythonFor(root),
                lead: [FileInfo.joinPaths(root, "main.py")],
                folder: root,
            };
        }
        return { program: "street-by-street", lead: [], folder: FileInfo.path(fileName) };
    }

    function activeMap() {
        var asset = tiled.activeAsset;
        if (!asset || !asset.isTileMap) {
            return null;
        }
        return asset;
    }

    // --- what a click on an issue does ---------------------------------------------------

    function objectsIn(layer, found) {
        if (layer.isObjectLayer) {
            var objects = layer.objects;
            for (var i = 0; i < objects.length; i++) {
                found.push(objects[i]);
            }
        } else if (layer.isGroupLayer) {
            for (var j = 0; j < layer.layerCount; j++) {
                objectsIn(layer.layerAt(j), found);
            }
        }
        return found;
    }

    function findObject(map, id) {
        var found = [];
        for (var i = 0; i < map.layerCount; i++) {
            objectsIn(map.layerAt(i), found);
        }
        for (var k = 0; k < found.length; k++) {
            if (found[k].id === id) {
                return found[k];
            }
        }
        return null;
    }

    function centreOn(map, x, y) {
        var view = tiled.mapEditor && tiled.mapEditor.currentMapView;
        if (tiled.activeAsset !== map || !view) {
            return;
        }
        if (view.scale < 0.5) {
            view.scale = 1; // close enough to see the object or tile
        }
        view.centerOn(x, y);
    }

    function showProblem(fileName, problem) {
        // Bring the map forward, then select the object or centre on the tile.
        var map = activeMap();
        if (!map || map.fileName !== fileName) {
            map = tiled.open(fileName);
        }
        if (!map || !map.isTileMap) {
            return;
        }
        tiled.activeAsset = map;
        var object = problem.object_id === null ? null : findObject(map, problem.object_id);
        if (object) {
            if (object.layer) {
                map.currentLayer = object.layer;
            }
            map.selectedObjects = [object];
            var x = object.x + object.width / 2;
            var y = object.y + (object.tile ? -object.height / 2 : object.height / 2);
            centreOn(map, x, y);
            return;
        }
        if (problem.tile) {
            var tx = (problem.tile[0] + 0.5) * map.tileWidth;
            var ty = (problem.tile[1] + 0.5) * map.tileHeight;
            if (typeof Qt !== "undefined" && map.selectedArea && map.selectedArea.set) {
                map.selectedArea.set(Qt.rect(problem.tile[0], problem.tile[1], 1, 1));
            }
            centreOn(map, tx, ty);
        }
    }

    // --- the validator -------------------------------------------------------------------

    function where(problem) {
        var parts = [];
        if (problem.layer) {
            parts.push("layer '" + problem.layer + "'");
        }
        if (problem.object_id !== null || problem.object) {
            var label = problem.object ? "object '" + problem.object + "'" : "object";
            if (problem.object_id !== null) {
                label += " (id " + problem.object_id + ")";
            }
            parts.push(label);
        }
        var text = parts.join(", ");
        if (problem.tile) {
            var at = "tile (" + problem.tile[0] + ", " + problem.tile[1] + ")";
            text = text ? text + " at " + at : "at " + at;
        }
        return text;
    }

    function issueText(problem) {
        var text = problem.message;
        if (problem.fix) {
            text += " - " + problem.fix;
        }
        var place = where(problem);
        return PREFIX + (place ? place + ": " : "") + text;
    }

    function report(fileName, entry) {
        var errors = 0;
        var warnings = 0;
        var problems = entry.problems || [];
        for (var i = 0; i < problems.length; i++) {
            var problem = problems[i];
            var onClick = (function (p) {
                return function () {
                    showProblem(fileName, p);
                };
            })(problem);
            if (problem.severity === "warning") {
                warnings++;
            } else {
                errors++;
            }
            issue(problem.severity, issueText(problem), onClick);
        }
        tiled.log(PREFIX + entry.summary);
        return { errors: errors, warnings: warnings };
    }

    function validate(map, quiet) {
        reported.length = 0;
        var fileName = map.fileName;
        if (!fileName) {
            issue("warning", PREFIX + "save the map first (the game checks the saved file)");
            return;
        }
        var game = gameCommand(fileName);
        var process = new Process();
        process.workingDirectory = game.folder;
        process.codec = "UTF-8";
        var args = game.lead.concat(["validate", "--json", fileName]);
        var code = process.exec(game.program, args, false); // false: exit 1 is no error
        var out = process.readStdOut();
        var err = process.readStdErr();
        process.close();
        if (code < 0) {
            issue(
                "error",
                PREFIX +
                    "could not run " +
                    game.program +
                    ": keep this extension in the game's maps/extensions folder (with a .venv " +
                    "beside main.py), or install the game with pip"
            );
            return;
        }
        var data;
        try {
            data = JSON.parse(out);
        } catch (e) {
            issue(
                "error",
                PREFIX + "the validator gave no report (exit " + code + "): " + (err || out)
            );
            return;
        }
        var total = { errors: 0, warnings: 0 };
        var files = data.files || [];
        for (var i = 0; i < files.length; i++) {
            var counts = report(fileName, files[i]);
            total.errors += counts.errors;
            total.warnings += counts.warnings;
        }
        if (!quiet || total.errors || total.warnings) {
            tiled.log(
                PREFIX +
                    FileInfo.fileName(fileName) +
                    ": " +
                    total.errors +
                    " error(s), " +
                    total.warnings +
                    " warning(s)"
            );
        }
    }

    function play(map) {
        var fileName = map.fileName;
        if (!fileName) {
            issue("warning", PREFIX + "save the map first");
            return;
        }
        var game = gameCommand(fileName);
        var command = [game.program].concat(game.lead, ["play", fileName, "--watch"]);
        var process = new Process();
        process.workingDirectory = game.folder;
        var code;
        if (isWindows()) {
            code = process.exec("cmd", ["/c", "start", ""].concat(command), false);
        } else {
            // detached: the game keeps running when Tiled closes, and Tiled does not wait
            var detach = ["-c", 'nohup "$@" >/dev/null 2>&1 &', "sh"];
            code = process.exec("/bin/sh", detach.concat(command), false);
        }
        process.close();
        if (code !== 0) {
            issue("error", PREFIX + "could not start the game (" + game.program + ")");
            return;
        }
        tiled.log(PREFIX + "playing " + FileInfo.fileName(fileName) + " (it reloads on save)");
    }

    // --- actions, menu and the save hook -------------------------------------------------

    var validateAction = tiled.registerAction("StreetByStreetValidate", function () {
        var map = activeMap();
        if (map) {
            validate(map, false);
        } else {
            issue("warning", PREFIX + "open a map to validate");
        }
    });
    validateAction.text = "Validate with Street by Street";
    validateAction.shortcut = "Ctrl+Shift+V";

    var playAction = tiled.registerAction("StreetByStreetPlay", function () {
        var map = activeMap();
        if (map) {
            play(map);
        } else {
            issue("warning", PREFIX + "open a map to play");
        }
    });
    playAction.text = "Play this map";
    playAction.shortcut = "Ctrl+Shift+P";

    tiled.extendMenu("Map", [
        { separator: true },
        { action: "StreetByStreetValidate" },
        { action: "StreetByStreetPlay" },
    ]);

    tiled.assetSaved.connect(function (asset) {
        if (asset && asset.isTileMap) {
            validate(asset, true);
        }
    });

    // for other scripts (and the tests): run a check, read what it reported, show a problem
    global.StreetByStreet = {
        validate: validate,
        play: play,
        showProblem: showProblem,
        gameRoot: gameRoot,
        issues: reported,
    };

    tiled.log(PREFIX + "extension loaded (" + (SCRIPT || "unknown place") + ")");
})(this);
