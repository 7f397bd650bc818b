# Installation de rs-instruction pour l'utilisateur courant, SANS droits d'administrateur.
# NON TESTÉ ICI : ce script n'a pas été exécuté sur un poste Windows (voir addin/README.md).
#
# Usage (PowerShell, dans le dossier du dépôt ou avec le chemin d'une roue .whl) :
#   powershell -ExecutionPolicy Bypass -File addin\installer.ps1 -Source C:\chemin\vers\rs-instruction
param(
    [Parameter(Mandatory = $true)][string]$Source,        # dossier du dépôt ou fichier .whl
    [string]$Python = "py"                                 # lanceur Python installé pour l'utilisateur
)
$ErrorActionPreference = "Stop"
$Dossier = Join-Path $env:LOCALAPPDATA "rs-instruction"
$Venv = Join-Path $Dossier "venv"

Write-Host "1. Environnement Python dans $Venv"
New-Item -ItemType Directory -Force -Path $Dossier | Out-Null
& $Python -3 -m venv $Venv
$Pip = Join-Path $Venv "Scripts\pip.exe"
$PythonVenv = Join-Path $Venv "Scripts\python.exe"

Write-Host "2. Installation du complément et de ses dépendances"
& $Pip install --upgrade pip
& $Pip install $Source

Write-Host "3. Installation du complément xlwings dans le dossier XLSTART de l'utilisateur"
& (Join-Path $Venv "Scripts\xlwings.exe") addin install

Write-Host "4. Configuration xlwings de l'utilisateur (interpréteur et module des fonctions)"
$Conf = Join-Path $env:USERPROFILE ".xlwings"
New-Item -ItemType Directory -Force -Path $Conf | Out-Null
$Ici = Split-Path -Parent $MyInvocation.MyCommand.Path
Copy-Item (Join-Path $Ici "xlwings.conf") (Join-Path $Conf "xlwings.conf") -Force

Write-Host "5. Vérification : import du module des fonctions"
& $PythonVenv -c "from udfs.excel import REGISTRE; print(len(REGISTRE), 'fonctions disponibles')"
Write-Host "Terminé. Redémarrez Excel, puis suivez addin\README.md (« Importer les fonctions »)."
